package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.testing.ManualScheduler;
import io.ossync.testing.MutableClock;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log that is never quiet, on a real file, with time in the test's hands ({@link ManualScheduler}
 * on a {@link MutableClock}): with max-delay it is released every max delay while it is written
 * and once more at its end; without, only at its end.
 */
class QuietPeriodGateMaxDelayTest {

    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);
    private static final Duration WRITE_EVERY = Duration.ofMillis(100);
    private static final int WRITES = 301;   // from 0 s to 30 s
    private static final int LINE = 100;

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final ManualScheduler sinkThread = new ManualScheduler(clock);
    private final RecordingSink sink = new RecordingSink(clock);

    /** Writes a line every 100 ms, then lets 10 s pass; returns the instant of the last write. */
    private Instant writeLog(FileRef log, int writes) throws Exception {
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, clock, sinkThread);
        Instant last;
        try (OutputStream out = Files.newOutputStream(log.absolute())) {
            out.write(new byte[LINE]);
            out.flush();
            gate.created(log);
            last = clock.instant();
            for (int i = 1; i < writes; i++) {
                sinkThread.advance(WRITE_EVERY);
                out.write(new byte[LINE]);
                out.flush();
                gate.changed(log);
                last = clock.instant();
            }
        }
        sinkThread.advance(Duration.ofSeconds(10));
        assertThat(gate.pending()).isZero();
        assertThat(sinkThread.pending()).as("no check left behind").isZero();
        return last;
    }

    @Test
    void aLogWrittenEvery100msIsReleasedEveryMaxDelayThenOnceAfterItStops() throws Exception {
        Instant start = clock.instant();
        FileRef log = new FileRef(new WatchRoot("r", root, QUIET, p -> true, false, MAX_DELAY), Path.of("app.log"));

        Instant lastWrite = writeLog(log, WRITES);

        List<RecordingSink.Release> releases = sink.releases();
        assertThat(releases).extracting(r -> Duration.between(start, r.at()).toMillis())
                .as("every 5 s while written (the write due at a release lands just after it), then quiet")
                .containsExactly(5_000L, 10_000L, 15_000L, 20_000L, 25_000L, 30_000L, 31_000L);
        assertThat(releases).extracting(r -> r.snapshot().size())
                .as("each release takes the file as it was then; the last, all of it")
                .containsExactly(50L * LINE, 100L * LINE, 150L * LINE, 200L * LINE, 250L * LINE, 300L * LINE,
                        (long) WRITES * LINE);
        assertThat(releases.get(releases.size() - 1).at()).as("the last one a quiet period after the last write")
                .isEqualTo(lastWrite.plus(QUIET));
    }

    @Test
    void withoutMaxDelayTheLogIsReleasedOnlyOnceQuiet() throws Exception {
        FileRef log = new FileRef(WatchRoot.of("r", root, QUIET), Path.of("app.log"));

        Instant lastWrite = writeLog(log, WRITES);

        assertThat(sink.releases()).singleElement().satisfies(r -> {
            assertThat(r.at()).isEqualTo(lastWrite.plus(QUIET));
            assertThat(r.snapshot().size()).isEqualTo((long) WRITES * LINE);
        });
    }

    @Test
    void aLogThatStopsRightAtAForcedReleaseIsNotReleasedTwice() throws Exception {
        Instant start = clock.instant();
        FileRef log = new FileRef(new WatchRoot("r", root, QUIET, p -> true, false, MAX_DELAY), Path.of("app.log"));

        writeLog(log, 50);   // last write at 4.9 s, forced release at 5 s takes it all

        assertThat(sink.releases()).singleElement().satisfies(r -> {
            assertThat(r.at()).isEqualTo(start.plus(MAX_DELAY));
            assertThat(r.snapshot().size()).isEqualTo(50L * LINE);
        });
    }
}
