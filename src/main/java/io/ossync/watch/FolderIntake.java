package io.ossync.watch;

import io.methvin.watcher.DirectoryChangeEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake side of the daemon: watches and scans a list of roots and hands every file that has
 * been quiet for its root's quiet period to a {@link FileSink}.
 *
 * <p>How it works. One directory-watcher run covers all watched roots; its events are hints that
 * feed the quiet-period gate. Every root is scanned in full (no contents read) once its watch is
 * registered, whenever events were lost (OVERFLOW), every rescan interval, and, for roots that
 * cannot be watched because inotify watches ran out, every poll interval. A root that is missing
 * is looked for again and watched when it appears. Details are in {@link RootSupervisor},
 * {@link QuietPeriodGate} and {@link FolderScanner}.
 *
 * <p>Guarantees. A file is handed over only after size and mtime stayed the same for the quiet
 * period; a file that keeps changing is held back until it stops, or, when its root has a max
 * delay, released anyway every max delay while it changes and once more when it stops. A file
 * renamed from one already uploaded (same size, mtime and file key under another path) is handed
 * over at once. Names that are never complete
 * files ({@code *.tmp}, {@code *.part}, {@code *.swp}, {@code .#*}, {@code *~}) and files the root's
 * filter rejects are never handed over. Links inside a root are not followed unless the root says
 * so, and never in a loop. A watch failure never stops the intake: it falls back to scanning and
 * logs a warning. Every sink call comes from one thread, in order.
 *
 * <p>Threads (all daemon threads): {@code ossync-intake} (control), {@code ossync-scan},
 * {@code ossync-sink} (gate checks and sink calls), {@code ossync-watch-N} (one per watcher run)
 * and {@code ossync-rootwatch}. Not reusable: start once, close once.
 */
public final class FolderIntake implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FolderIntake.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final List<WatchRoot> roots;
    private final IntakeSettings settings;
    private final ScheduledExecutorService control;
    private final ExecutorService scanThread;
    private final ScheduledExecutorService sinkThread;
    private final ThreadFactory watchThreads;
    private final ThreadFactory rootWatchThreads;
    private final QuietPeriodGate gate;
    private final ScanQueue scans;
    private final RootSupervisor supervisor;
    private RootParentWatch parentWatch;
    private boolean started;
    private boolean closed;

    /**
     * @param roots    the folders; ids unique, no folder inside another
     * @param sink     receives quiet files, deletions, scan reports and mode changes
     * @param known    what the daemon already holds, so scans skip unchanged files
     * @param settings intervals
     * @param clock    for quiet periods and report times
     * @throws IllegalArgumentException for an empty list, a duplicate id or overlapping folders
     */
    public FolderIntake(List<WatchRoot> roots, FileSink sink, KnownFiles known, IntakeSettings settings,
                        Clock clock) {
        this(roots, sink, known, RenameSource.NONE, settings, clock);
    }

    /**
     * As above, releasing at once a file that appears with the identity of one uploaded from
     * another path ({@code renames}), without waiting for its quiet period.
     */
    public FolderIntake(List<WatchRoot> roots, FileSink sink, KnownFiles known, RenameSource renames,
                        IntakeSettings settings, Clock clock) {
        this(roots, sink, known, renames, settings, clock, newSinkThread());
    }

    /**
     * As above, with the gate's checks and the sink calls on {@code sinkThread} (single-threaded;
     * shut down by {@link #close}). Tests pass a scheduler whose time is {@code clock}.
     */
    FolderIntake(List<WatchRoot> roots, FileSink sink, KnownFiles known, IntakeSettings settings, Clock clock,
                 ScheduledExecutorService sinkThread) {
        this(roots, sink, known, RenameSource.NONE, settings, clock, sinkThread);
    }

    FolderIntake(List<WatchRoot> roots, FileSink sink, KnownFiles known, RenameSource renames,
                 IntakeSettings settings, Clock clock, ScheduledExecutorService sinkThread) {
        this.roots = validated(roots);
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(known, "known");
        Objects.requireNonNull(clock, "clock");
        this.control = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("ossync-intake"));
        this.scanThread = Executors.newSingleThreadExecutor(new NamedThreadFactory("ossync-scan"));
        this.sinkThread = Objects.requireNonNull(sinkThread, "sinkThread");
        this.watchThreads = new NamedThreadFactory("ossync-watch");
        this.rootWatchThreads = new NamedThreadFactory("ossync-rootwatch");
        this.gate = new QuietPeriodGate(sink, known, renames, clock, sinkThread);
        this.scans = new ScanQueue(new FolderScanner(known, clock), gate, scanThread, settings.paceRescans());
        this.supervisor = new RootSupervisor(this.roots, gate, scans, control,
                task -> watchThreads.newThread(task).start(), settings.rootCheckInterval());
    }

    /** Starts watching and the start scans; returns at once (the work runs in the background). */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "folder intake is closed" : "folder intake already started");
        }
        started = true;
        try {
            parentWatch = new RootParentWatch(roots, supervisor::rootTouched, rootWatchThreads);
        } catch (IOException e) {
            log.warn("cannot watch the parents of the roots, relying on the root check error={}", e.toString());
        }
        long check = settings.rootCheckInterval().toNanos();
        control.execute(new GuardedTask("root-check", this::checkRoots));
        control.scheduleWithFixedDelay(new GuardedTask("root-check", this::checkRoots), check, check,
                TimeUnit.NANOSECONDS);
        long rescan = settings.rescanInterval().toNanos();
        control.scheduleWithFixedDelay(new GuardedTask("rescan", supervisor::rescanWatched), rescan, rescan,
                TimeUnit.NANOSECONDS);
        long poll = settings.pollInterval().toNanos();
        control.scheduleWithFixedDelay(new GuardedTask("poll", supervisor::scanPolled), poll, poll,
                TimeUnit.NANOSECONDS);
        log.info("folder intake started roots={} rescanInterval={} pollInterval={} rootCheckInterval={}",
                roots.stream().map(WatchRoot::id).toList(), settings.rescanInterval(), settings.pollInterval(),
                settings.rootCheckInterval());
    }

    /** How each root is followed right now, by id, in configuration order. */
    public Map<String, RootMode> modes() {
        return supervisor.modes();
    }

    /** Files waiting for their quiet period to pass. */
    public int pendingFiles() {
        return gate.pending();
    }

    /**
     * Asks for a full scan of one root (no effect while it is missing).
     *
     * @throws IllegalArgumentException when no root has this id
     */
    public void requestRescan(String rootId) {
        if (roots.stream().noneMatch(root -> root.id().equals(rootId))) {
            throw new IllegalArgumentException("no watched folder has the id " + rootId);
        }
        supervisor.requestRescan(rootId);
    }

    /**
     * Stops promptly: no further sink calls start once this returns (one already running is
     * awaited up to two seconds). Files still waiting for their quiet period are dropped; the next
     * start scan finds them again.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        supervisor.stop();
        scans.close();
        control.shutdownNow();
        awaitTermination(control, "ossync-intake");
        supervisor.closeWatcher();
        if (parentWatch != null) {
            parentWatch.close();
        }
        scanThread.shutdownNow();
        sinkThread.shutdown();
        awaitTermination(scanThread, "ossync-scan");
        awaitTermination(sinkThread, "ossync-sink");
        log.info("folder intake closed");
    }

    /**
     * Routes a synthetic OVERFLOW event of the root through the running watcher, as the library
     * documents it (release 0.19.1 throws instead: {@link WatchEventRouter#eventLost}).
     */
    void simulateOverflow(String rootId) {
        supervisor.inject(rootId, active ->
                new DirectoryChangeEvent(DirectoryChangeEvent.EventType.OVERFLOW, false, null, null, 1, active.base()));
    }

    private void checkRoots() {
        supervisor.checkRoots();
        if (parentWatch != null) {
            parentWatch.refresh();
        }
    }

    private static ScheduledExecutorService newSinkThread() {
        ScheduledThreadPoolExecutor sinkThread = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("ossync-sink"));
        // On close, pending quiet checks are dropped instead of being waited for.
        sinkThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        sinkThread.setRemoveOnCancelPolicy(true);
        return sinkThread;
    }

    private static void awaitTermination(ExecutorService executor, String name) {
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("intake thread still busy after close thread={}", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<WatchRoot> validated(List<WatchRoot> roots) {
        Objects.requireNonNull(roots, "roots");
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no folders to watch");
        }
        Set<String> ids = new HashSet<>();
        for (WatchRoot root : roots) {
            if (!ids.add(root.id())) {
                throw new IllegalArgumentException("two watched folders have the id " + root.id());
            }
        }
        for (WatchRoot a : roots) {
            for (WatchRoot b : roots) {
                if (a != b && a.path().startsWith(b.path())) {
                    throw new IllegalArgumentException(describeOverlap(a, b));
                }
            }
        }
        return List.copyOf(roots);
    }

    private static String describeOverlap(WatchRoot inner, WatchRoot outer) {
        Path a = inner.path();
        Path b = outer.path();
        return a.equals(b)
                ? "watched folders " + outer.id() + " and " + inner.id() + " are the same folder " + a
                : "watched folder " + inner.id() + " (" + a + ") is inside watched folder " + outer.id() + " (" + b + ")";
    }
}
