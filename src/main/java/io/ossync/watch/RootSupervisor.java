package io.ossync.watch;

import io.methvin.watcher.DirectoryChangeEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how each root is followed ({@link RootMode}) and keeps the one folder watcher in line
 * with that. All its state lives on the control thread; the watcher, the parent watch and the
 * public methods only post work to it.
 *
 * <p>Transitions. A root that exists is WATCHED; one whose directories cannot all get an inotify
 * watch is POLLED (until it goes missing and comes back, or the daemon restarts); one that does not
 * exist is MISSING and is looked for every root-check interval and whenever its parent directory
 * changes. A root that reappears, or is replaced by another directory under the same name, is
 * watched anew. Any change to the set of watched roots starts a new watcher run (the old one is
 * closed first, so inotify watches are never held twice); when the run has registered its
 * directories, all its roots are scanned, which covers whatever happened while nobody watched. A
 * run that ends on its own is replaced after one root-check interval.
 *
 * <p>A root that goes missing is never reported as deleted files: a disk that is not mounted is
 * not an instruction to delete its objects.
 */
final class RootSupervisor implements FolderWatcher.Callbacks {

    private static final Logger log = LoggerFactory.getLogger(RootSupervisor.class);
    /** Lets a burst of changes to a root's entry (rm -rf, then mkdir) settle into one reaction. */
    private static final Duration TOUCH_SETTLE = Duration.ofMillis(200);

    private static final class RootState {
        final WatchRoot root;
        RootMode mode = RootMode.STARTING;
        ActiveRoot active;
        boolean watchImpossible;

        RootState(WatchRoot root) {
            this.root = root;
        }
    }

    private final Map<String, RootState> states = new LinkedHashMap<>();
    private final Map<String, RootMode> published = new ConcurrentHashMap<>();
    private final Set<String> touchPending = new HashSet<>();
    private final QuietPeriodGate gate;
    private final ScanQueue scans;
    private final ScheduledExecutorService control;
    private final Executor watchThreads;
    private final Duration restartDelay;
    private volatile FolderWatcher watcher;
    private volatile boolean closed;
    private boolean restartScheduled;

    RootSupervisor(List<WatchRoot> roots, QuietPeriodGate gate, ScanQueue scans,
                   ScheduledExecutorService control, Executor watchThreads, Duration restartDelay) {
        for (WatchRoot root : roots) {
            states.put(root.id(), new RootState(root));
            published.put(root.id(), RootMode.STARTING);
        }
        this.gate = Objects.requireNonNull(gate, "gate");
        this.scans = Objects.requireNonNull(scans, "scans");
        this.control = Objects.requireNonNull(control, "control");
        this.watchThreads = Objects.requireNonNull(watchThreads, "watchThreads");
        this.restartDelay = Objects.requireNonNull(restartDelay, "restartDelay");
    }

    Map<String, RootMode> modes() {
        Map<String, RootMode> copy = new LinkedHashMap<>();
        states.keySet().forEach(id -> copy.put(id, published.get(id)));
        return copy;
    }

    // ---- control thread ------------------------------------------------------------------------

    /** Looks at every root; starts a new watcher run if the set of watched roots changed. */
    void checkRoots() {
        boolean restart = false;
        for (RootState state : states.values()) {
            restart |= reconcile(state, false);
        }
        if (restart) {
            restartWatcher();
        }
    }

    void rescanWatched() {
        requestScans(RootMode.WATCHED, ScanReason.RESCAN_INTERVAL);
    }

    void scanPolled() {
        requestScans(RootMode.POLLED, ScanReason.POLL_INTERVAL);
    }

    // ---- any thread ----------------------------------------------------------------------------

    void requestRescan(String rootId) {
        post("rescan-request", () -> {
            RootState state = states.get(rootId);
            if (state != null && state.active != null) {
                scans.request(state.active, ScanReason.REQUESTED);
            }
        });
    }

    /** The root's entry in its parent directory changed (created, deleted, renamed). */
    void rootTouched(WatchRoot root) {
        post("root-touched", () -> {
            if (touchPending.add(root.id())) {
                schedule("root-settled", TOUCH_SETTLE, () -> {
                    touchPending.remove(root.id());
                    if (reconcile(states.get(root.id()), true)) {
                        restartWatcher();
                    }
                });
            }
        });
    }

    /** Events were lost: rescan (the watcher thread calls this, possibly once per directory). */
    void overflow(ActiveRoot root) {
        if (scans.request(root, ScanReason.OVERFLOW)) {
            log.warn("watch events were lost, rescanning root={}", root.id());
        }
    }

    /** Sends a synthetic event through the current watcher run (tests use it for OVERFLOW). */
    void inject(String rootId, Function<ActiveRoot, DirectoryChangeEvent> event) {
        post("inject", () -> {
            FolderWatcher current = watcher;
            RootState state = states.get(rootId);
            if (current != null && state != null && state.active != null) {
                current.inject(event.apply(state.active));
            }
        });
    }

    @Override
    public void registered(FolderWatcher run) {
        post("watch-registered", () -> {
            if (run == watcher) {
                log.info("watching roots={}", run.roots().stream().map(ActiveRoot::id).toList());
                run.roots().forEach(root -> scans.request(root, ScanReason.WATCH_STARTED));
            }
        });
    }

    @Override
    public void ended(FolderWatcher run, Throwable failure) {
        post("watch-ended", () -> {
            if (run != watcher) {
                return;
            }
            watcher = null;
            run.close();
            if (failure == null) {
                log.info("folder watcher stopped by itself, restarting in={}", restartDelay);
            } else {
                log.warn("folder watcher failed, restarting in={} error={}", restartDelay, failure.toString());
            }
            if (!restartScheduled) {
                restartScheduled = true;
                schedule("watch-restart", restartDelay, () -> {
                    restartScheduled = false;
                    checkRoots();
                    if (watcher == null) {
                        restartWatcher();
                    }
                });
            }
        });
    }

    @Override
    public void watchLimitReached(FolderWatcher run, WatchLimitException limit) {
        post("watch-limit", () -> {
            if (run != watcher) {
                return;
            }
            RootState state = stateContaining(limit.directory());
            if (state != null) {
                state.watchImpossible = true;
                setMode(state, RootMode.POLLED, "inotify watch limit reached at " + limit.directory()
                        + " (raise fs.inotify.max_user_watches)");
            } else {
                log.warn("inotify watch limit reached outside the roots directory={}", limit.directory());
            }
            restartWatcher();
            if (state != null && state.active != null) {
                scans.request(state.active, ScanReason.POLLING_STARTED);
            }
        });
    }

    /** Stops reacting; the caller closes the runs once the control thread has stopped. */
    void stop() {
        closed = true;
    }

    void closeWatcher() {
        FolderWatcher current = watcher;
        watcher = null;
        if (current != null) {
            current.close();
        }
    }

    // ---- internals (control thread) ------------------------------------------------------------

    /**
     * Brings one root's mode in line with what is on disk.
     *
     * @param touched its parent reported a change of its entry: take it as a new directory even if
     *                it looks the same (inode numbers are reused)
     * @return whether the set of watched roots changed
     */
    private boolean reconcile(RootState state, boolean touched) {
        RootProbe.Result probe = RootProbe.probe(state.root);
        boolean wasWatched = state.mode == RootMode.WATCHED;
        if (!probe.present()) {
            if (state.mode != RootMode.MISSING) {
                state.active = null;
                state.watchImpossible = false;
                setMode(state, RootMode.MISSING, probe.problem());
            }
            return wasWatched;
        }
        ActiveRoot found = probe.active();
        boolean appeared = state.mode == RootMode.STARTING || state.mode == RootMode.MISSING;
        boolean replaced = !appeared && (touched || !sameDirectory(state.active, found));
        if (!appeared && !replaced) {
            return false;
        }
        state.active = found;
        if (replaced) {
            log.info("root directory replaced, following the new one root={} path={}", state.root.id(), found.base());
        }
        if (state.watchImpossible) {
            setMode(state, RootMode.POLLED, "watching impossible");
            scans.request(found, ScanReason.ROOT_APPEARED);
            return false;
        }
        setMode(state, RootMode.WATCHED, appeared ? "root present" : "root replaced");
        return true;
    }

    private static boolean sameDirectory(ActiveRoot a, ActiveRoot b) {
        return a != null && a.base().equals(b.base()) && Objects.equals(a.fileKey(), b.fileKey());
    }

    private void restartWatcher() {
        closeWatcher();
        List<ActiveRoot> watched = states.values().stream()
                .filter(state -> state.mode == RootMode.WATCHED)
                .map(state -> state.active)
                .toList();
        if (watched.isEmpty() || closed) {
            return;
        }
        try {
            FolderWatcher run = new FolderWatcher(watched, new WatchEventRouter(watched, gate, this::overflow), this);
            watcher = run;
            run.start(watchThreads);
        } catch (IOException e) {
            for (RootState state : states.values()) {
                if (state.mode == RootMode.WATCHED) {
                    state.watchImpossible = true;
                    setMode(state, RootMode.POLLED, "no inotify instance: " + e.getMessage()
                            + " (raise fs.inotify.max_user_instances)");
                    scans.request(state.active, ScanReason.POLLING_STARTED);
                }
            }
        }
    }

    private void requestScans(RootMode mode, ScanReason reason) {
        for (RootState state : states.values()) {
            if (state.mode == mode && state.active != null) {
                scans.request(state.active, reason);
            }
        }
    }

    private RootState stateContaining(Path directory) {
        for (RootState state : states.values()) {
            if (state.active != null && directory.startsWith(state.active.base())) {
                return state;
            }
        }
        return null;
    }

    private void setMode(RootState state, RootMode mode, String reason) {
        if (state.mode == mode) {
            return;
        }
        state.mode = mode;
        published.put(state.root.id(), mode);
        switch (mode) {
            case WATCHED -> log.info("root watched root={} path={} reason={}", state.root.id(), state.root.path(), reason);
            case POLLED -> log.warn("root cannot be watched, scanning it every poll interval instead root={} path={} reason={}",
                    state.root.id(), state.root.path(), reason);
            case MISSING -> log.warn("root unavailable, looking for it again every root check root={} path={} reason={}",
                    state.root.id(), state.root.path(), reason);
            default -> log.info("root mode root={} mode={} reason={}", state.root.id(), mode, reason);
        }
        gate.modeChanged(state.root, mode, reason);
    }

    private void post(String name, Runnable work) {
        if (closed) {
            return;
        }
        try {
            control.execute(new GuardedTask(name, () -> {
                if (!closed) {
                    work.run();
                }
            }));
        } catch (RejectedExecutionException e) {
            log.debug("intake closing, task dropped task={}", name);
        }
    }

    private void schedule(String name, Duration delay, Runnable work) {
        try {
            control.schedule(new GuardedTask(name, () -> {
                if (!closed) {
                    work.run();
                }
            }), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("intake closing, task dropped task={}", name);
        }
    }
}
