package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder watcher over real inotify, with directory-watcher's own event loop: what the library
 * really delivers, not what its documentation promises.
 */
class FolderWatcherIT {

    @TempDir
    Path tmp;

    private final ScheduledExecutorService sinkThread = Executors.newSingleThreadScheduledExecutor();
    private final RecordingSink sink = new RecordingSink();
    private final List<ActiveRoot> rescans = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Runnable> heldLoop = new LinkedBlockingQueue<>();
    private FolderWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        sinkThread.shutdownNow();
    }

    /**
     * The JDK keeps at most 512 events per watched directory, then queues an OVERFLOW. Holding the
     * event loop while a folder fills up makes that certain. directory-watcher 0.19.1 fails on its
     * own OVERFLOW (null path into a ConcurrentSkipListMap) and hands the listener an exception
     * instead: the root must be rescanned all the same, or the dropped files wait for the next
     * rescan interval.
     */
    @Test
    void eventsDroppedByTheJdkQueueRescanTheRoot() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("root"));
        ActiveRoot root = RootProbe.probe(WatchRoot.of("r", base, Duration.ofHours(1))).active();
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, Clock.systemUTC(), sinkThread);
        watcher = new FolderWatcher(List.of(root), new WatchEventRouter(List.of(root), gate, rescans::add),
                new NoCallbacks());
        watcher.start(heldLoop::add);   // registers now; the event loop waits for us

        try (WatchService witness = FileSystems.getDefault().newWatchService()) {
            base.register(witness, StandardWatchEventKinds.ENTRY_CREATE);
            for (int i = 0; i < 1000; i++) {
                Files.createFile(base.resolve("f" + i + ".log"));
            }
            awaitDelivered(witness, 1000);
        }
        Thread loop = new Thread(heldLoop.take(), "watch-loop");
        loop.setDaemon(true);
        loop.start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rescans).contains(root));
    }

    /**
     * Waits until another watch on the folder has taken in every event: the kernel has delivered
     * them, to the watcher's queue too. Its OVERFLOW stands for all the events it replaced.
     */
    private static void awaitDelivered(WatchService witness, int events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int seen = 0;
        boolean overflowed = false;
        while (!overflowed && seen < events && System.nanoTime() < deadline) {
            WatchKey key = witness.poll(1, TimeUnit.SECONDS);
            if (key != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    seen += event.count();
                    overflowed |= event.kind() == StandardWatchEventKinds.OVERFLOW;
                }
                key.reset();
            }
        }
        assertThat(overflowed || seen >= events).as("the witness watch saw every event").isTrue();
    }

    private static final class NoCallbacks implements FolderWatcher.Callbacks {
        @Override
        public void registered(FolderWatcher watcher) {
        }

        @Override
        public void ended(FolderWatcher watcher, Throwable failure) {
        }

        @Override
        public void watchLimitReached(FolderWatcher watcher, WatchLimitException limit) {
        }
    }
}
