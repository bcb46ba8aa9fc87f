package io.ossync.cli;

import io.ossync.upload.RestartReason;
import io.ossync.upload.UploadListener;
import io.ossync.util.ByteSize;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows an upload's progress: a progress bar (bytes, %, rate, ETA) on a terminal, otherwise one
 * line every few seconds, fit for a log. Only confirmed parts count, so it never passes 100%; a
 * restart is printed and the count begins again from zero. On a terminal the bar is a
 * {@link TerminalOutput}: while it is shown only warnings are logged, above it.
 */
final class ProgressReporter implements UploadListener, AutoCloseable {

    private static final Duration LINE_INTERVAL = Duration.ofSeconds(5);

    private final String name;
    private final PrintWriter out;
    private final Clock clock;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong sentThisRun = new AtomicLong();
    private final TerminalOutput screen;
    private final ProgressBar bar;
    private final ScheduledExecutorService ticker;
    private volatile long startedMillis;

    ProgressReporter(String name, PrintWriter out, boolean terminal, Clock clock) {
        this.name = name;
        this.out = out;
        this.clock = clock;
        this.startedMillis = clock.millis();
        if (terminal) {
            this.screen = TerminalOutput.show(new ProgressBarBuilder().setTaskName(name).setInitialMax(0)
                    .setUnit("MiB", ByteSize.MIB).setStyle(ProgressBarStyle.ASCII).showSpeed());
            this.bar = screen.bar();
            this.ticker = null;
        } else {
            this.screen = null;
            this.bar = null;
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::printLine, LINE_INTERVAL.toMillis(), LINE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void started(long totalBytes, int totalParts, int resumedParts, long confirmedBytes) {
        total.set(totalBytes);
        confirmed.set(confirmedBytes);
        sentThisRun.set(0);
        startedMillis = clock.millis();
        if (resumedParts > 0) {
            say("resuming " + name + ": " + resumedParts + " of " + totalParts + " parts already uploaded ("
                    + ByteSize.format(confirmedBytes) + " of " + ByteSize.format(totalBytes) + ")");
        }
        if (bar != null) {
            bar.maxHint(totalBytes);
            bar.stepTo(confirmedBytes);
        }
    }

    @Override
    public void partConfirmed(int partNumber, long bytes) {
        long now = confirmed.addAndGet(bytes);
        sentThisRun.addAndGet(bytes);
        if (bar != null) {
            bar.stepTo(now);
        }
    }

    @Override
    public void restarted(RestartReason reason, String detail) {
        confirmed.set(0);
        sentThisRun.set(0);
        if (bar != null) {
            bar.stepTo(0);
        }
        say("restarting " + name + " from the first part: " + reason.label() + " (" + detail + ")");
    }

    /** One progress line, e.g. {@code progress a.bin 12.0 MiB/64.0 MiB 18% 40.0 MiB/s eta 1s}. */
    String line() {
        long done = confirmed.get();
        long all = total.get();
        double seconds = Math.max(0.001, (clock.millis() - startedMillis) / 1000.0);
        double rate = sentThisRun.get() / seconds;
        String eta = rate > 0 ? Duration.ofSeconds((long) ((all - done) / rate)).toString().substring(2).toLowerCase() : "?";
        long pct = all == 0 ? 100 : done * 100 / all;
        return "progress " + name + " " + ByteSize.format(done) + "/" + ByteSize.format(all) + " " + pct + "% "
                + ByteSize.format((long) rate) + "/s eta " + eta;
    }

    private void say(String line) {
        if (screen != null) {
            screen.println(line);
            return;
        }
        out.println(line);
        out.flush();
    }

    private void printLine() {
        try {
            say(line());
        } catch (RuntimeException e) {
            // A progress line is never worth failing an upload over.
        }
    }

    @Override
    public void close() {
        if (screen != null) {
            screen.close();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
