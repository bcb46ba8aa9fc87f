package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ossync.files.FileIdentity;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate with its real scheduler on a real folder (generous bounds, no speed assertions). */
class QuietPeriodGateTest {

    private static final Duration QUIET = Duration.ofMillis(400);

    @TempDir
    Path root;

    private final ScheduledExecutorService sinkThread = Executors.newSingleThreadScheduledExecutor();
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void stop() {
        sinkThread.shutdownNow();
    }

    @Test
    void aFileWrittenInStepsIsReleasedOnceWithItsFinalSnapshot() throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, Clock.systemUTC(), sinkThread);
        WatchRoot watched = WatchRoot.of("r", root, QUIET);
        FileRef file = new FileRef(watched, Path.of("grow.bin"));
        Instant lastWrite;
        try (OutputStream out = Files.newOutputStream(file.absolute())) {
            for (int i = 0; i < 4; i++) {
                out.write(new byte[1000]);
                out.flush();
                gate.changed(file);
                Thread.sleep(150);
            }
            lastWrite = Instant.now();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.releases().size() == 1);
        Thread.sleep(QUIET.toMillis() * 2);
        assertThat(sink.releases()).singleElement().satisfies(release -> {
            assertThat(release.snapshot()).isEqualTo(FileStat.regularFile(file.absolute(), false).orElseThrow());
            assertThat(release.snapshot().size()).isEqualTo(4000);
            assertThat(release.at()).isAfterOrEqualTo(lastWrite.plus(QUIET).minusMillis(200));
        });
        assertThat(gate.pending()).isZero();
    }

    @Test
    void aFileThatVanishesBeforeItsQuietPeriodEndsIsDropped() throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, Clock.systemUTC(), sinkThread);
        FileRef file = new FileRef(WatchRoot.of("r", root, QUIET), Path.of("brief.txt"));
        Files.writeString(file.absolute(), "here for a moment");
        gate.changed(file);
        assertThat(gate.pending()).isEqualTo(1);

        Files.delete(file.absolute());

        await().atMost(Duration.ofSeconds(20)).until(() -> gate.pending() == 0);
        assertThat(sink.releases()).isEmpty();
    }

    @Test
    void aFileTheSinkRefusesIsOfferedAgainAfterTheQuietPeriod() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        FileSink refusingOnce = new FileSink() {
            @Override
            public void fileReady(WatchRoot root, Path relative, FileIdentity snapshot) {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("queue database is busy");
                }
                sink.fileReady(root, relative, snapshot);
            }

            @Override
            public void pathGone(WatchRoot root, Path relative) {
            }

            @Override
            public void scanCompleted(ScanReport report) {
            }
        };
        QuietPeriodGate gate = new QuietPeriodGate(refusingOnce, KnownFiles.none(), Clock.systemUTC(), sinkThread);
        FileRef file = new FileRef(WatchRoot.of("r", root, QUIET), Path.of("retry.txt"));
        Files.writeString(file.absolute(), "x");

        gate.changed(file);

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.releases().size() == 1);
        assertThat(attempts.get()).isEqualTo(2);
    }

    @Test
    void aFileAlreadyKnownWhenItsQuietPeriodEndsIsNotReleased() throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, Clock.systemUTC(), sinkThread);
        WatchRoot watched = WatchRoot.of("r", root, QUIET);
        FileRef file = new FileRef(watched, Path.of("touched.txt"));
        Files.writeString(file.absolute(), "same");
        FileIdentity snapshot = FileStat.regularFile(file.absolute(), false).orElseThrow();
        sink.fileReady(watched, file.relative(), snapshot);

        gate.changed(file); // e.g. a chmod: an event, but nothing new
        FileRef other = new FileRef(watched, Path.of("other.txt"));
        Files.writeString(other.absolute(), "new");
        gate.changed(other);

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.releases().size() == 2);
        Thread.sleep(QUIET.toMillis());
        assertThat(sink.releasedPaths("r")).containsExactly("touched.txt", "other.txt");
        assertThat(gate.pending()).isZero();
    }

    @Test
    void filesWhoseQuietPeriodsEndTogetherReachTheSinkInOneCall() throws Exception {
        releaseTogether(50);

        assertThat(sink.batches()).containsExactly(50);
        assertThat(sink.releaseCounts("r")).hasSize(50).allSatisfy((path, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void aBurstLargerThanOneBatchIsHandedOverInBatchesOfAtMostTheLimit() throws Exception {
        releaseTogether(QuietPeriodGate.MAX_BATCH + 1);

        assertThat(sink.batches()).containsExactly(QuietPeriodGate.MAX_BATCH, 1);
        assertThat(sink.releaseCounts("r")).hasSize(QuietPeriodGate.MAX_BATCH + 1);
    }

    /** Writes {@code n} files whose checks all come due while the sink thread is busy, as in a burst. */
    private void releaseTogether(int n) throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, Clock.systemUTC(), sinkThread);
        WatchRoot watched = WatchRoot.of("r", root, QUIET);
        CountDownLatch busy = new CountDownLatch(1);
        sinkThread.execute(() -> awaitQuietly(busy));
        for (int i = 0; i < n; i++) {
            FileRef file = new FileRef(watched, Path.of("burst-" + i + ".txt"));
            Files.writeString(file.absolute(), "file " + i);
            gate.changed(file);
        }
        Thread.sleep(QUIET.toMillis() * 2);
        busy.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.releases().size() == n);
    }

    @Test
    void filesWaitingForTheSinkAreHandedOverBeforeALaterDeletion() throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, Clock.systemUTC(), sinkThread);
        WatchRoot watched = WatchRoot.of("r", root, QUIET);
        FileRef kept = new FileRef(watched, Path.of("kept.txt"));
        FileRef deleted = new FileRef(watched, Path.of("deleted.txt"));
        Files.writeString(kept.absolute(), "kept");
        Files.writeString(deleted.absolute(), "deleted");
        CountDownLatch busy = new CountDownLatch(1);
        sinkThread.execute(() -> awaitQuietly(busy));
        gate.changed(kept);
        Thread.sleep(QUIET.toMillis() * 2);
        Files.delete(deleted.absolute());
        gate.gone(deleted, false);   // queued before the hand-over of kept.txt
        busy.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.calls().size() == 2);
        assertThat(sink.calls()).containsExactly("ready:kept.txt", "gone:deleted.txt");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
