package io.ossync.watch;

import io.ossync.files.FileIdentity;
import io.ossync.watch.QuietPeriodTracker.Decision;
import io.ossync.watch.QuietPeriodTracker.NewEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the files that watch events and scans report until they have been quiet for their root's
 * quiet period (see {@link QuietPeriodTracker} for the rules), then hands them to the sink. It is
 * also the intake's single door to the sink: every sink call is made on the gate's one thread, in
 * order.
 *
 * <p>Timing: each pending file has exactly one check scheduled, at the instant its quiet period
 * would end; a check that finds the file changed schedules the next one at the new end. So a file
 * is released about one quiet period after its last write, plus the time to stat it, without a
 * fixed polling tick. Memory is one tracker entry and one scheduled check per pending file.
 *
 * <p>Files released in the same moment (a burst) reach the sink together, in one
 * {@link FileSink#filesReady} call, so the sink can take them in one step: a released file waits
 * only until the checks already due have run. Any other sink call first hands over the files
 * waiting, so the sink still sees every call in the gate's order.
 *
 * <p>Two releases do not wait for quiet. A file that keeps changing past its root's max delay is
 * released anyway and stays pending (see {@link QuietPeriodTracker}). A file that appears under a
 * new path with the identity of a file already uploaded elsewhere (a rename, asked of the
 * {@link RenameSource} once, on the gate's thread, before the first quiet check) is released at
 * once: its bytes are known, and its object must be copied before the old one is overwritten.
 *
 * <p>Backpressure: a scan waits ({@link #awaitRoomForScan}) while the gate holds
 * {@link #SCAN_PENDING_LIMIT} pending files or more, so a first scan of a million new files holds
 * at most that many at once (a few hundred bytes each), not a million: the walk goes on as the
 * quiet checks release them. Watch events never wait (the watcher's thread must keep reading).
 *
 * <p>A file released while the sink fails is offered again after another quiet period. Files
 * still pending when the intake closes are dropped: they are not in the state database, so the
 * next start scan finds them again.
 */
final class QuietPeriodGate {

    private static final Logger log = LoggerFactory.getLogger(QuietPeriodGate.class);
    /** At most this many files per sink call: bounds one transaction of the daemon's queue. */
    static final int MAX_BATCH = 1000;
    /** A scan waits while this many files are pending: bounds the gate's memory on a huge new tree. */
    static final int SCAN_PENDING_LIMIT = 20_000;

    private final FileSink sink;
    private final KnownFiles known;
    private final RenameSource renames;
    private final Clock clock;
    private final ScheduledExecutorService sinkThread;
    private final int scanPendingLimit;
    private final Object lock = new Object();
    private final QuietPeriodTracker tracker = new QuietPeriodTracker();
    /** Released files not yet handed to the sink; touched only on the sink thread. */
    private final List<ReadyFile> ready = new ArrayList<>();
    private boolean handOverScheduled;

    /** A gate that recognises no renames. */
    QuietPeriodGate(FileSink sink, KnownFiles known, Clock clock, ScheduledExecutorService sinkThread) {
        this(sink, known, RenameSource.NONE, clock, sinkThread);
    }

    /** @param sinkThread a single-threaded scheduler; all checks and sink calls run on it */
    QuietPeriodGate(FileSink sink, KnownFiles known, RenameSource renames, Clock clock,
                    ScheduledExecutorService sinkThread) {
        this(sink, known, renames, clock, sinkThread, SCAN_PENDING_LIMIT);
    }

    /** @param scanPendingLimit a scan waits while this many files (or more) are pending */
    QuietPeriodGate(FileSink sink, KnownFiles known, RenameSource renames, Clock clock,
                    ScheduledExecutorService sinkThread, int scanPendingLimit) {
        if (scanPendingLimit < 1) {
            throw new IllegalArgumentException("scanPendingLimit must be at least 1: " + scanPendingLimit);
        }
        this.scanPendingLimit = scanPendingLimit;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.known = Objects.requireNonNull(known, "known");
        this.renames = Objects.requireNonNull(renames, "renames");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sinkThread = Objects.requireNonNull(sinkThread, "sinkThread");
    }

    /** A watch event says the file was written. Reads its snapshot (one stat). */
    void changed(FileRef file) {
        FileStat.regularFile(file.absolute(), file.root().followSymlinks())
                .ifPresent(snapshot -> observe(file, snapshot, true, false));
    }

    /**
     * A watch event says the file appeared (created, or renamed or moved here). Reads its snapshot
     * (one stat).
     */
    void created(FileRef file) {
        FileStat.regularFile(file.absolute(), file.root().followSymlinks())
                .ifPresent(snapshot -> observe(file, snapshot, true, true));
    }

    /** A scan saw the file with this snapshot (a version not held yet: it may have been renamed). */
    void seen(FileRef file, FileIdentity snapshot) {
        observe(file, snapshot, false, true);
    }

    /**
     * For a scan, before it offers a file: waits while {@link #SCAN_PENDING_LIMIT} files or more are
     * pending, until quiet checks release enough of them, or {@code stop} says so (checked at least
     * every second), or the thread is interrupted (the flag is kept). Not on the gate's thread,
     * whose checks free the room.
     */
    void awaitRoomForScan(BooleanSupplier stop) {
        synchronized (lock) {
            boolean logged = false;
            while (tracker.size() >= scanPendingLimit && !stop.getAsBoolean()) {
                if (!logged) {
                    log.debug("scan waits for quiet checks pending={} limit={}", tracker.size(), scanPendingLimit);
                    logged = true;
                }
                try {
                    lock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Nothing exists at the path any more (the caller checked): forget it, with {@code subtree}
     * everything under it too, and tell the sink.
     */
    void gone(FileRef path, boolean subtree) {
        int forgotten;
        synchronized (lock) {
            forgotten = tracker.forget(path, subtree);
            lock.notifyAll();
        }
        log.debug("path gone file={} pendingForgotten={}", path, forgotten);
        deliver("path-gone", () -> sink.pathGone(path.root(), path.relative()));
    }

    /** Hands a scan's report to the sink; {@code sinkCpu} is then told the CPU time the sink took on it. */
    void scanned(ScanReport report, LongConsumer sinkCpu) {
        deliver("scan-report", () -> {
            long before = RescanPacing.threadCpuNanos();
            sink.scanCompleted(report);
            sinkCpu.accept(RescanPacing.threadCpuNanos() - before);
        });
    }

    void modeChanged(WatchRoot root, RootMode mode, String reason) {
        deliver("mode-change", () -> sink.rootModeChanged(root, mode, reason));
    }

    int pending() {
        synchronized (lock) {
            return tracker.size();
        }
    }

    /** @param mayBeRenamed the path may have just appeared (not a write to a file already there) */
    private void observe(FileRef file, FileIdentity snapshot, boolean changeSeen, boolean mayBeRenamed) {
        Optional<NewEntry> entry;
        synchronized (lock) {
            entry = tracker.observe(file, snapshot, clock.instant(), changeSeen);
        }
        entry.ifPresent(e -> {
            if (mayBeRenamed && snapshot.fileKey() != null && renames != RenameSource.NONE) {
                schedule("rename-check", file, clock.instant(), () -> renameCheck(file, e.entryId(), e.checkAt()));
            } else {
                scheduleCheck(file, e.entryId(), e.checkAt());
            }
        });
    }

    private void scheduleCheck(FileRef file, long entryId, Instant at) {
        schedule("quiet-check", file, at, () -> check(file, entryId));
    }

    private void schedule(String name, FileRef file, Instant at, Runnable task) {
        long delayNanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        try {
            sinkThread.schedule(new GuardedTask(name, task), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("intake closing, pending file left for the next start scan file={}", file);
        }
    }

    /**
     * The first look at a path new to the gate: released at once when its bytes are known under
     * another path, else its quiet check is scheduled as usual.
     */
    private void renameCheck(FileRef file, long entryId, Instant quietCheckAt) {
        FileIdentity current = FileStat.regularFile(file.absolute(), file.root().followSymlinks()).orElse(null);
        if (current == null || current.fileKey() == null || !isRenamed(file, current)) {
            scheduleCheck(file, entryId, quietCheckAt);
            return;
        }
        Decision decision;
        synchronized (lock) {
            decision = tracker.releaseNow(file, entryId, current, quietCheckAt);
            lock.notifyAll();
        }
        switch (decision.verdict()) {
            case RELEASE -> {
                log.debug("renamed file released without a quiet period file={}", file);
                release(file, current);
            }
            case WAIT -> scheduleCheck(file, entryId, decision.checkAt());
            default -> { }
        }
    }

    private boolean isRenamed(FileRef file, FileIdentity current) {
        return ask("rename", "waiting for the quiet period", file,
                () -> renames.isRenamed(file.root(), file.relative(), current));
    }

    private void check(FileRef file, long entryId) {
        FileIdentity current = FileStat.regularFile(file.absolute(), file.root().followSymlinks())
                .orElse(null);
        Decision decision;
        synchronized (lock) {
            decision = tracker.check(file, entryId, current, clock.instant());
            lock.notifyAll();
        }
        switch (decision.verdict()) {
            case WAIT -> scheduleCheck(file, entryId, decision.checkAt());
            case RELEASE -> release(file, decision.snapshot());
            case FORCED_RELEASE -> {
                log.debug("changing file released by max-delay file={} maxDelay={} size={}", file,
                        file.root().maxDelay(), decision.snapshot().size());
                release(file, decision.snapshot());
                scheduleCheck(file, entryId, decision.checkAt());
            }
            case SETTLED -> log.debug("file quiet again at the version max-delay released file={}", file);
            case DROP -> log.debug("pending file dropped file={} reason=gone-or-not-a-regular-file", file);
            case STALE -> { }
            default -> throw new IllegalStateException("unknown verdict " + decision.verdict());
        }
    }

    private void release(FileRef file, FileIdentity snapshot) {
        if (isKnown(file, snapshot)) {
            log.debug("quiet file already known file={}", file);
            return;
        }
        ready.add(new ReadyFile(file.root(), file.relative(), snapshot));
        if (ready.size() >= MAX_BATCH) {
            handOverReady();
        } else if (!handOverScheduled) {
            // Queued behind the checks already due, so a burst is handed over in one call.
            handOverScheduled = true;
            deliver("files-ready", () -> { });
        }
    }

    /** Hands the released files to the sink; on the sink thread, before any other sink call. */
    private void handOverReady() {
        handOverScheduled = false;
        if (ready.isEmpty()) {
            return;
        }
        List<ReadyFile> batch = List.copyOf(ready);
        ready.clear();
        try {
            sink.filesReady(batch);
        } catch (RuntimeException e) {
            log.warn("sink did not take files, offering them again after the quiet period count={} first={} error={}",
                    batch.size(), batch.get(0).relative(), e.toString(), e);
            for (ReadyFile f : batch) {
                observe(new FileRef(f.root(), f.relative()), f.snapshot(), true, false);
            }
        }
    }

    private boolean isKnown(FileRef file, FileIdentity snapshot) {
        return ask("known-files", "releasing anyway", file, () -> known.isKnown(file.root(), file.relative(), snapshot));
    }

    /** A lookup that should not throw; when it does, "no" is the safe answer, and it is logged. */
    private static boolean ask(String lookup, String consequence, FileRef file, BooleanSupplier question) {
        try {
            return question.getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("{} lookup failed, {} file={} error={}", lookup, consequence, file, e.toString(), e);
            return false;
        }
    }

    private void deliver(String name, Runnable call) {
        try {
            sinkThread.execute(new GuardedTask(name, () -> {
                handOverReady();
                call.run();
            }));
        } catch (RejectedExecutionException e) {
            log.debug("intake closing, sink call dropped call={}", name);
        }
    }
}
