package io.ossync.cli;

import ch.qos.logback.classic.Level;
import io.ossync.logging.ConsoleDiversion;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;

/**
 * A terminal with a progress bar on its last line: while the bar is shown, log events below WARN are
 * not printed, and WARN and ERROR events, like any {@link #println line} of the command, are printed
 * above the bar (the bar's line blanked, the line printed, the bar drawn again below it), never
 * through it. {@link #close()} ends the bar on its own line and logging goes back to normal.
 *
 * <p>Use it only when {@link TtyCheck#interactive()} (the bar is drawn on stderr, the logs go to
 * stdout: both must be the terminal for the bar to be seen and for logs to be the ones that would
 * cross it):
 * <pre>
 * try (TerminalOutput terminal = TerminalOutput.show(new ProgressBarBuilder().setTaskName(name)...)) {
 *     terminal.bar().stepTo(done);
 *     terminal.println("resuming ...");
 * }
 * </pre>
 * One lock orders everything written on the terminal: the bar's redraws (from the progress bar's
 * own thread), log lines (from any thread) and the command's lines.
 */
public final class TerminalOutput implements AutoCloseable {

    private final Object lock = new Object();
    private final PrintStream out;
    private final BarLine line;
    private final ProgressBar bar;
    private final ConsoleDiversion logging;
    /** The bar as last drawn, to blank it and draw it again; null before the first draw. */
    private String drawn;
    private boolean ended;

    private TerminalOutput(ProgressBarBuilder builder, PrintStream out, int width) {
        this.out = out;
        this.line = new BarLine(out, width);
        // Logging diverted before the first draw: nothing below WARN can reach the terminal once the bar is up.
        this.logging = ConsoleDiversion.divert(Level.WARN, this::printAbove);
        this.bar = builder.setConsumer(line).build();
    }

    /** Shows the bar {@code builder} describes on stderr, its width the terminal's. */
    public static TerminalOutput show(ProgressBarBuilder builder) {
        return new TerminalOutput(builder, System.err, -1);
    }

    /** As {@link #show(ProgressBarBuilder)}, on {@code out}, at most {@code width} columns wide (tests). */
    static TerminalOutput show(ProgressBarBuilder builder, PrintStream out, int width) {
        return new TerminalOutput(builder, out, width);
    }

    public ProgressBar bar() {
        return bar;
    }

    /** Prints {@code text} on a line of its own above the bar (after it, once the bar ended). */
    public void println(String text) {
        printAbove(() -> out.println(text));
    }

    /** One log line, encoded, above the bar. */
    private void printAbove(byte[] encoded) {
        printAbove(() -> {
            out.write(encoded, 0, encoded.length);
            if (encoded.length == 0 || encoded[encoded.length - 1] != '\n') {
                out.println();
            }
        });
    }

    /** Blanks the bar, prints (a whole line), draws the bar again. */
    private void printAbove(Runnable print) {
        synchronized (lock) {
            boolean showing = drawn != null && !ended;
            if (showing) {
                out.print('\r');
                out.print(" ".repeat(drawn.length()));
                out.print('\r');
            }
            print.run();
            if (showing) {
                out.print('\r');
                out.print(drawn);
            }
            out.flush();
        }
    }

    /** Ends the bar (drawn a last time, then a newline) and puts logging back; once. */
    @Override
    public void close() {
        synchronized (lock) {
            if (ended) {
                return;
            }
        }
        try {
            bar.close();
        } finally {
            synchronized (lock) {
                ended = true;
            }
            logging.close();
        }
    }

    /** The progress bar's output: draws under the lock and remembers what it drew. */
    private final class BarLine extends ConsoleProgressBarConsumer {

        BarLine(PrintStream out, int width) {
            super(out, width);
        }

        @Override
        public void accept(String rendered) {
            synchronized (lock) {
                if (ended) {
                    return;
                }
                draw(rendered);
                out.flush();
            }
        }

        /** Draws over the bar's line ({@code \r} then the bar); the caller holds the lock. */
        void draw(String rendered) {
            // Trimmed by characters: the ASCII bar is one column a character, the task name rarely wide.
            int max = getMaxRenderedLength();
            drawn = max > 0 && rendered.length() > max ? rendered.substring(0, max) : rendered;
            out.print('\r');
            out.print(drawn);
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (drawn != null) {
                    out.println();
                }
                out.flush();
                ended = true;
            }
        }
    }
}
