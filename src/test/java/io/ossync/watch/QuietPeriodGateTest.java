package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.files.FileIdentity;
import io.ossync.testing.ManualScheduler;
import io.ossync.testing.MutableClock;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on a real folder, with time in the test's hands: the gate's scheduler is a
 * {@link ManualScheduler} on a {@link MutableClock}, so a check runs exactly when the test moves the
 * clock past its due instant, never because a thread was slow or fast.
 */
class QuietPeriodGateTest {

    private static final Duration QUIET = Duration.ofMillis(400);
    private static final Duration TICK = Duration.ofMillis(1);

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final ManualScheduler sinkThread = new ManualScheduler(clock);
    private final RecordingSink sink = new RecordingSink(clock);

    @Test
    void aFileWrittenInStepsIsReleasedOnceWithItsFinalSnapshot() throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, clock, sinkThread);
        WatchRoot watched = WatchRoot.of("r", root, QUIET);
        FileRef file = new FileRef(watched, Path.of("grow.bin"));
        try (OutputStream out = Files.newOutputStream(file.absolute())) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    sinkThread.advance(QUIET.minus(TICK));   // each write just inside the quiet period
                }
                out.write(new byte[1000]);
                out.flush();
                gate.changed(file);
            }
        }
        Instant lastWrite = clock.instant();

        sinkThread.advance(QUIET.minus(TICK));
        assertThat(sink.releases()).as("released before its quiet period ended").isEmpty();
        assertThat(gate.pending()).isEqualTo(1);

        sinkThread.advance(TICK);
        sinkThread.advance(QUIET.multipliedBy(3));
        assertThat(sink.releases()).singleElement().satisfies(release -> {
            assertThat(release.snapshot()).isEqualTo(FileStat.regularFile(file.absolute(), false).orElseThrow());
            assertThat(release.snapshot().size()).isEqualTo(4000);
            assertThat(release.at()).isEqualTo(lastWrite.plus(QUIET));
        });
        assertThat(gate.pending()).isZero();
        assertThat(sinkThread.pending()).isZero();
    }

    @Test
    void aFileThatVanishesBeforeItsQuietPeriodEndsIsDropped() throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, clock, sinkThread);
        FileRef file = new FileRef(WatchRoot.of("r", root, QUIET), Path.of("brief.txt"));
        Files.writeString(file.absolute(), "here for a moment");
        gate.changed(file);
        assertThat(gate.pending()).isEqualTo(1);

        Files.delete(file.absolute());
        sinkThread.advance(QUIET);

        assertThat(gate.pending()).isZero();
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
        QuietPeriodGate gate = new QuietPeriodGate(refusingOnce, KnownFiles.none(), clock, sinkThread);
        FileRef file = new FileRef(WatchRoot.of("r", root, QUIET), Path.of("retry.txt"));
        Files.writeString(file.absolute(), "x");

        gate.changed(file);
        sinkThread.advance(QUIET);
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(sink.releases()).isEmpty();
        assertThat(gate.pending()).as("pending again after the refusal").isEqualTo(1);

        sinkThread.advance(QUIET.minus(TICK));
        assertThat(attempts.get()).isEqualTo(1);
        sinkThread.advance(TICK);
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(sink.releases()).singleElement()
                .satisfies(release -> assertThat(release.at()).isEqualTo(clock.instant()));
    }

    @Test
    void aFileAlreadyKnownWhenItsQuietPeriodEndsIsNotReleased() throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, clock, sinkThread);
        WatchRoot watched = WatchRoot.of("r", root, QUIET);
        FileRef file = new FileRef(watched, Path.of("touched.txt"));
        Files.writeString(file.absolute(), "same");
        FileIdentity snapshot = FileStat.regularFile(file.absolute(), false).orElseThrow();
        sink.fileReady(watched, file.relative(), snapshot);

        gate.changed(file); // e.g. a chmod: an event, but nothing new
        FileRef other = new FileRef(watched, Path.of("other.txt"));
        Files.writeString(other.absolute(), "new");
        gate.changed(other);
        sinkThread.advance(QUIET.multipliedBy(3));

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

    /** Writes {@code n} files in one instant, so that all their checks come due together, as in a burst. */
    private void releaseTogether(int n) throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, clock, sinkThread);
        WatchRoot watched = WatchRoot.of("r", root, QUIET);
        for (int i = 0; i < n; i++) {
            FileRef file = new FileRef(watched, Path.of("burst-" + i + ".txt"));
            Files.writeString(file.absolute(), "file " + i);
            gate.changed(file);
        }
        sinkThread.advance(QUIET);
        assertThat(sink.releases()).hasSize(n);
        assertThat(gate.pending()).isZero();
    }

    @Test
    void filesWaitingForTheSinkAreHandedOverBeforeALaterDeletion() throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, clock, sinkThread);
        WatchRoot watched = WatchRoot.of("r", root, QUIET);
        FileRef kept = new FileRef(watched, Path.of("kept.txt"));
        FileRef deleted = new FileRef(watched, Path.of("deleted.txt"));
        Files.writeString(kept.absolute(), "kept");
        Files.writeString(deleted.absolute(), "deleted");
        gate.changed(kept);
        clock.advance(QUIET);   // kept.txt's check is due, but the sink thread has not run it yet
        Files.delete(deleted.absolute());
        gate.gone(deleted, false);   // queued before the hand-over of kept.txt

        sinkThread.runDue();

        assertThat(sink.calls()).containsExactly("ready:kept.txt", "gone:deleted.txt");
        assertThat(sink.batches()).containsExactly(1);
    }
}
