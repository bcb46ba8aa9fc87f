package io.ossync.watch;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one directory-watcher {@link DirectoryWatcher} over all watched roots. The intake
 * starts a new one whenever the set of watched roots changes or a run ends; a run is never
 * restarted in place.
 *
 * <p>Set up the way the anchors taught: whole-file hashing off (the default reads every byte of
 * every file at start), run on an executor of ours, our own tree walk ({@link WatchTreeVisitor}).
 * Registration of the directories happens on the watcher thread when the run starts;
 * {@link Callbacks#registered} is called once it is complete (from then on no change is missed, so
 * that is when the roots are scanned). Running out of inotify watches, at start or later when a
 * new directory appears, is reported through {@link Callbacks#watchLimitReached} with the
 * directory that failed. Any other failure of the library on an event means that event is lost,
 * which the router answers with rescans. Every callback comes from the watcher thread.
 */
final class FolderWatcher implements AutoCloseable {

    /** What a run reports to the intake. */
    interface Callbacks {
        /** Every directory is registered; events flow from now on. */
        void registered(FolderWatcher watcher);

        /** The run is over; {@code failure} is null when it ended by itself (every root gone). */
        void ended(FolderWatcher watcher, Throwable failure);

        /** The kernel refused a watch for a directory of one of the roots. */
        void watchLimitReached(FolderWatcher watcher, WatchLimitException limit);
    }

    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);
    /** directory-watcher's own (debug) logging, under our name so it can be tuned with ours. */
    private static final Logger LIBRARY_LOG = LoggerFactory.getLogger(FolderWatcher.class.getName() + ".library");

    private final List<ActiveRoot> roots;
    private final WatchEventRouter router;
    private final Callbacks callbacks;
    private final DirectoryWatcher watcher;
    private final AtomicBoolean registered = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Creates the watcher (opens the inotify instance) without registering anything yet.
     *
     * @throws IOException when no watch service can be opened (inotify instances exhausted)
     */
    FolderWatcher(List<ActiveRoot> roots, WatchEventRouter router, Callbacks callbacks) throws IOException {
        this.roots = List.copyOf(roots);
        this.router = Objects.requireNonNull(router, "router");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.watcher = DirectoryWatcher.builder()
                .paths(this.roots.stream().map(ActiveRoot::base).toList())
                .listener(new Listener())
                .fileHashing(false)
                .fileTreeVisitor(new WatchTreeVisitor())
                .logger(LIBRARY_LOG)
                .build();
    }

    /** Registers every directory and watches, on a thread of the executor. */
    void start(Executor executor) {
        watcher.watchAsync(executor).whenComplete((ignored, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!closed) {
                WatchLimitException limit = WatchLimitException.findIn(cause);
                if (limit != null) {
                    callbacks.watchLimitReached(this, limit);
                }
            }
            callbacks.ended(this, cause);
        });
    }

    List<ActiveRoot> roots() {
        return roots;
    }

    boolean isClosed() {
        return closed;
    }

    /** Sends an event through the same path as the library's (used to simulate an overflow). */
    void inject(DirectoryChangeEvent event) {
        router.route(event);
    }

    @Override
    public void close() {
        closed = true;
        try {
            watcher.close();
        } catch (IOException e) {
            log.warn("closing the folder watcher failed error={}", e.toString());
        }
    }

    private final class Listener implements DirectoryChangeListener {

        @Override
        public void onEvent(DirectoryChangeEvent event) {
            if (!closed) {
                router.route(event);
            }
        }

        @Override
        public boolean isWatching() {
            // First asked right after registration, before the first event is awaited.
            if (!closed && registered.compareAndSet(false, true)) {
                callbacks.registered(FolderWatcher.this);
            }
            return !closed;
        }

        @Override
        public void onException(Exception e) {
            if (e instanceof WatchLimitException limit) {
                if (!closed) {
                    callbacks.watchLimitReached(FolderWatcher.this, limit);
                }
            } else if (!closed) {
                router.eventLost(e);
            }
        }
    }
}
