package io.ossync.watch;

import io.ossync.files.FileIdentity;
import io.ossync.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.watch.QuietPeriodTracker.Decision;
import io.ossync.watch.QuietPeriodTracker.NewEntry;
import io.ossync.watch.QuietPeriodTracker.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuietPeriodTrackerTest {

    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final WatchRoot ROOT = WatchRoot.of("r", Path.of("/data"), QUIET);
    private static final FileRef FILE = new FileRef(ROOT, Path.of("a/b.bin"));
    private static final FileIdentity V1 = new FileIdentity(100, 1_000_000_000L, "(dev=1,ino=7)");
    private static final FileIdentity V2 = new FileIdentity(200, 1_500_000_000L, "(dev=1,ino=7)");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
    private final QuietPeriodTracker tracker = new QuietPeriodTracker();

    @Test
    void aFileUnchangedForTheQuietPeriodIsReleasedAndForgotten() {
        NewEntry entry = tracker.observe(FILE, V1, clock.instant(), false).orElseThrow();
        assertThat(entry.checkAt()).isEqualTo(clock.instant().plus(QUIET));

        clock.advance(QUIET);
        Decision decision = tracker.check(FILE, entry.entryId(), V1, clock.instant());

        assertThat(decision.verdict()).isEqualTo(Verdict.RELEASE);
        assertThat(decision.snapshot()).isEqualTo(V1);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void aCheckBeforeTheEndOfTheQuietPeriodWaitsUntilItsEnd() {
        Instant start = clock.instant();
        NewEntry entry = tracker.observe(FILE, V1, start, false).orElseThrow();

        clock.advance(Duration.ofMillis(1500));
        Decision decision = tracker.check(FILE, entry.entryId(), V1, clock.instant());

        assertThat(decision.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(decision.checkAt()).isEqualTo(start.plus(QUIET));
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void aChangedSnapshotAtCheckTimeRestartsTheQuietPeriod() {
        NewEntry entry = tracker.observe(FILE, V1, clock.instant(), false).orElseThrow();
        clock.advance(QUIET);

        Decision first = tracker.check(FILE, entry.entryId(), V2, clock.instant());
        assertThat(first.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(first.checkAt()).isEqualTo(clock.instant().plus(QUIET));

        clock.advance(QUIET);
        Decision second = tracker.check(FILE, entry.entryId(), V2, clock.instant());
        assertThat(second.verdict()).isEqualTo(Verdict.RELEASE);
        assertThat(second.snapshot()).isEqualTo(V2);
    }

    @Test
    void repeatedObservationsCoalesceIntoOneEntryWithOneCheck() {
        assertThat(tracker.observe(FILE, V1, clock.instant(), true)).isPresent();
        clock.advance(Duration.ofMillis(100));
        assertThat(tracker.observe(FILE, V1, clock.instant(), true)).isEmpty();
        assertThat(tracker.observe(FILE, V2, clock.instant(), false)).isEmpty();
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void aWriteEventRestartsTheQuietPeriodEvenWhenSizeAndMtimeLookTheSame() {
        // Two writes within one tick of the file system clock can leave size and mtime unchanged.
        NewEntry entry = tracker.observe(FILE, V1, clock.instant(), true).orElseThrow();
        clock.advance(Duration.ofMillis(1500));
        Instant lastWrite = clock.instant();
        tracker.observe(FILE, V1, lastWrite, true);

        clock.advance(Duration.ofMillis(500));
        Decision decision = tracker.check(FILE, entry.entryId(), V1, clock.instant());

        assertThat(decision.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(decision.checkAt()).isEqualTo(lastWrite.plus(QUIET));
    }

    @Test
    void aScanSeeingTheSameSnapshotDoesNotRestartTheQuietPeriod() {
        Instant start = clock.instant();
        NewEntry entry = tracker.observe(FILE, V1, start, false).orElseThrow();
        clock.advance(Duration.ofMillis(1500));
        tracker.observe(FILE, V1, clock.instant(), false);

        clock.set(start.plus(QUIET));
        assertThat(tracker.check(FILE, entry.entryId(), V1, clock.instant()).verdict()).isEqualTo(Verdict.RELEASE);
    }

    @Test
    void aScanSeeingAnotherSnapshotRestartsTheQuietPeriod() {
        NewEntry entry = tracker.observe(FILE, V1, clock.instant(), false).orElseThrow();
        clock.advance(Duration.ofMillis(1500));
        Instant changedAt = clock.instant();
        tracker.observe(FILE, V2, changedAt, false);

        clock.advance(Duration.ofMillis(500));
        Decision decision = tracker.check(FILE, entry.entryId(), V2, clock.instant());
        assertThat(decision.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(decision.checkAt()).isEqualTo(changedAt.plus(QUIET));
    }

    @Test
    void aFileThatVanishedIsDroppedAndForgotten() {
        NewEntry entry = tracker.observe(FILE, V1, clock.instant(), false).orElseThrow();
        clock.advance(QUIET);

        assertThat(tracker.check(FILE, entry.entryId(), null, clock.instant()).verdict()).isEqualTo(Verdict.DROP);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void aCheckLeftOverFromAForgottenEntryDoesNothing() {
        NewEntry old = tracker.observe(FILE, V1, clock.instant(), false).orElseThrow();
        assertThat(tracker.forget(FILE, false)).isEqualTo(1);
        NewEntry fresh = tracker.observe(FILE, V1, clock.instant(), false).orElseThrow();
        assertThat(fresh.entryId()).isNotEqualTo(old.entryId());

        clock.advance(QUIET);
        assertThat(tracker.check(FILE, old.entryId(), V1, clock.instant()).verdict()).isEqualTo(Verdict.STALE);
        assertThat(tracker.size()).isEqualTo(1);
        assertThat(tracker.check(FILE, fresh.entryId(), V1, clock.instant()).verdict()).isEqualTo(Verdict.RELEASE);
    }

    @Test
    void aClockThatJumpsBackRestartsTheQuietPeriodInsteadOfStretchingIt() {
        NewEntry entry = tracker.observe(FILE, V1, clock.instant(), false).orElseThrow();
        clock.advance(Duration.ofHours(-1));

        Decision decision = tracker.check(FILE, entry.entryId(), V1, clock.instant());
        assertThat(decision.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(decision.checkAt()).isEqualTo(clock.instant().plus(QUIET));

        clock.advance(QUIET);
        assertThat(tracker.check(FILE, entry.entryId(), V1, clock.instant()).verdict()).isEqualTo(Verdict.RELEASE);
    }

    @Test
    void forgettingADirectoryForgetsExactlyWhatIsUnderIt() {
        WatchRoot other = WatchRoot.of("other", Path.of("/elsewhere"), QUIET);
        FileRef inside = new FileRef(ROOT, Path.of("a/b/c.txt"));
        FileRef deeper = new FileRef(ROOT, Path.of("a/b/d/e.txt"));
        FileRef sibling = new FileRef(ROOT, Path.of("a/b0/c.txt"));
        FileRef sameNameOtherRoot = new FileRef(other, Path.of("a/b/c.txt"));
        tracker.observe(inside, V1, clock.instant(), false);
        tracker.observe(deeper, V1, clock.instant(), false);
        long siblingId = tracker.observe(sibling, V1, clock.instant(), false).orElseThrow().entryId();
        long otherId = tracker.observe(sameNameOtherRoot, V1, clock.instant(), false).orElseThrow().entryId();

        assertThat(tracker.forget(new FileRef(ROOT, Path.of("a/b")), true)).isEqualTo(2);
        assertThat(tracker.size()).isEqualTo(2);
        clock.advance(QUIET);
        assertThat(tracker.check(sibling, siblingId, V1, clock.instant()).verdict()).isEqualTo(Verdict.RELEASE);
        assertThat(tracker.check(sameNameOtherRoot, otherId, V1, clock.instant()).verdict()).isEqualTo(Verdict.RELEASE);
    }

    @Test
    void eachRootKeepsItsOwnQuietPeriod() {
        WatchRoot slow = WatchRoot.of("slow", Path.of("/slow"), Duration.ofSeconds(30));
        FileRef slowFile = new FileRef(slow, Path.of("x"));
        NewEntry fast = tracker.observe(FILE, V1, clock.instant(), false).orElseThrow();
        NewEntry slowEntry = tracker.observe(slowFile, V1, clock.instant(), false).orElseThrow();

        assertThat(slowEntry.checkAt()).isEqualTo(clock.instant().plusSeconds(30));
        clock.advance(QUIET);
        assertThat(tracker.check(FILE, fast.entryId(), V1, clock.instant()).verdict()).isEqualTo(Verdict.RELEASE);
        assertThat(tracker.check(slowFile, slowEntry.entryId(), V1, clock.instant()).verdict()).isEqualTo(Verdict.WAIT);
    }
}
