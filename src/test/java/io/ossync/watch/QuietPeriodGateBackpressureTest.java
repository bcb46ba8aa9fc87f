package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.testing.ManualScheduler;
import io.ossync.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan waits while the gate holds its limit of pending files, and goes on when quiet checks
 * release them (or when told to stop). The checks run when the test moves the clock; the scan is a
 * thread of the test, seen waiting by its state, never by a sleep.
 */
class QuietPeriodGateBackpressureTest {

    private static final Duration QUIET = Duration.ofMillis(400);
    private static final int LIMIT = 3;

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T22:00:00Z"));
    private final ManualScheduler sinkThread = new ManualScheduler(clock);
    private final RecordingSink sink = new RecordingSink(clock);

    private QuietPeriodGate gate() {
        return new QuietPeriodGate(sink, sink, RenameSource.NONE, clock, sinkThread, LIMIT);
    }

    private FileRef file(String name) throws Exception {
        FileRef ref = new FileRef(WatchRoot.of("r", root, QUIET), Path.of(name));
        Files.writeString(ref.absolute(), name);
        return ref;
    }

    private void seen(QuietPeriodGate gate, FileRef file) {
        gate.seen(file, FileStat.regularFile(file.absolute(), false).orElseThrow());
    }

    /** Starts a "scan" that waits for room, and returns once it is waiting. */
    private static Thread waitingScan(QuietPeriodGate gate, AtomicBoolean stop, AtomicBoolean through) {
        Thread scan = new Thread(() -> {
            gate.awaitRoomForScan(stop::get);
            through.set(true);
        }, "test-scan");
        scan.start();
        while (scan.getState() != Thread.State.TIMED_WAITING && scan.isAlive()) {
            Thread.onSpinWait();
        }
        return scan;
    }

    @Test
    void aScanWaitsWhileTheGateIsFullAndGoesOnWhenFilesAreReleased() throws Exception {
        QuietPeriodGate gate = gate();
        for (int i = 0; i < LIMIT; i++) {
            gate.awaitRoomForScan(() -> false);   // room: returns at once
            seen(gate, file("f" + i));
        }
        assertThat(gate.pending()).isEqualTo(LIMIT);

        AtomicBoolean through = new AtomicBoolean();
        Thread scan = waitingScan(gate, new AtomicBoolean(), through);
        assertThat(through).as("waits while %d files are pending", LIMIT).isFalse();
        assertThat(scan.isAlive()).isTrue();

        sinkThread.advance(QUIET);   // the quiet checks release the files
        scan.join();

        assertThat(through).isTrue();
        assertThat(sink.releasedPaths("r")).containsExactlyInAnyOrder("f0", "f1", "f2");
        assertThat(gate.pending()).isZero();
    }

    @Test
    void aWaitingScanStopsWhenAskedTo() throws Exception {
        QuietPeriodGate gate = gate();
        for (int i = 0; i < LIMIT; i++) {
            seen(gate, file("f" + i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean through = new AtomicBoolean();
        Thread scan = waitingScan(gate, stop, through);

        stop.set(true);   // the intake closes: seen within the wait's one-second re-check
        scan.join();

        assertThat(through).isTrue();
        assertThat(gate.pending()).as("nothing was released").isEqualTo(LIMIT);
        assertThat(sink.releases()).isEmpty();
    }

    @Test
    void aFileThatGoesAwayMakesRoomToo() throws Exception {
        QuietPeriodGate gate = gate();
        FileRef first = file("f0");
        seen(gate, first);
        for (int i = 1; i < LIMIT; i++) {
            seen(gate, file("f" + i));
        }
        AtomicBoolean through = new AtomicBoolean();
        Thread scan = waitingScan(gate, new AtomicBoolean(), through);

        Files.delete(first.absolute());
        gate.gone(first, false);
        scan.join();

        assertThat(through).isTrue();
        assertThat(gate.pending()).isEqualTo(LIMIT - 1);
    }
}
