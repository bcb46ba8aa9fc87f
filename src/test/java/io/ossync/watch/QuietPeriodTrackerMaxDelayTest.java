package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.files.FileIdentity;
import io.ossync.testing.MutableClock;
import io.ossync.watch.QuietPeriodTracker.Decision;
import io.ossync.watch.QuietPeriodTracker.NewEntry;
import io.ossync.watch.QuietPeriodTracker.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tracker's max delay and its release at once of a file whose bytes are known. */
class QuietPeriodTrackerMaxDelayTest {

    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);
    private static final WatchRoot ROOT = new WatchRoot("r", Path.of("/logs"), QUIET, p -> true, false, MAX_DELAY);
    private static final FileRef LOG = new FileRef(ROOT, Path.of("app.log"));
    private static final FileIdentity V1 = new FileIdentity(100, 1_000_000_000L, "(dev=1,ino=7)");
    private static final FileIdentity V2 = new FileIdentity(200, 2_000_000_000L, "(dev=1,ino=7)");
    private static final FileIdentity V3 = new FileIdentity(300, 3_000_000_000L, "(dev=1,ino=7)");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final QuietPeriodTracker tracker = new QuietPeriodTracker();

    @Test
    void aFileStillChangingAtItsMaxDelayIsReleasedAndStaysPending() {
        Instant first = clock.instant();
        NewEntry entry = tracker.observe(LOG, V1, first, true).orElseThrow();
        clock.set(first.plus(MAX_DELAY).minusMillis(300));
        tracker.observe(LOG, V2, clock.instant(), true);

        clock.set(first.plus(MAX_DELAY).minusMillis(1));
        Decision before = tracker.check(LOG, entry.entryId(), V2, clock.instant());
        assertThat(before.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(before.checkAt()).as("the max delay comes before the quiet period's end")
                .isEqualTo(first.plus(MAX_DELAY));

        clock.set(first.plus(MAX_DELAY));
        Decision forced = tracker.check(LOG, entry.entryId(), V2, clock.instant());
        assertThat(forced.verdict()).isEqualTo(Verdict.FORCED_RELEASE);
        assertThat(forced.snapshot()).isEqualTo(V2);
        assertThat(forced.checkAt()).as("its quiet period's end").isEqualTo(first.plus(MAX_DELAY).minusMillis(300).plus(QUIET));
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void theNextMaxDelayStartsAtTheFirstChangeAfterAForcedRelease() {
        Instant first = clock.instant();
        NewEntry entry = tracker.observe(LOG, V1, first, true).orElseThrow();
        clock.advance(MAX_DELAY);
        assertThat(tracker.check(LOG, entry.entryId(), V2, clock.instant()).verdict()).isEqualTo(Verdict.FORCED_RELEASE);

        clock.advance(Duration.ofMillis(700));
        Instant nextChange = clock.instant();
        tracker.observe(LOG, V3, nextChange, true);
        clock.advance(Duration.ofMillis(300));
        Decision decision = tracker.check(LOG, entry.entryId(), V3, clock.instant());

        assertThat(decision.verdict()).isEqualTo(Verdict.WAIT);
        assertThat(decision.checkAt()).isEqualTo(nextChange.plus(QUIET));
        clock.set(nextChange.plus(QUIET));
        assertThat(tracker.check(LOG, entry.entryId(), V3, clock.instant()))
                .as("quiet at a new version: released as usual").isEqualTo(Decision.release(V3));
        assertThat(tracker.size()).isZero();
    }

    @Test
    void quietAtTheVersionAForcedReleaseTookItIsForgottenWithoutASecondRelease() {
        NewEntry entry = tracker.observe(LOG, V1, clock.instant(), true).orElseThrow();
        clock.advance(MAX_DELAY);
        Decision forced = tracker.check(LOG, entry.entryId(), V2, clock.instant());

        clock.set(forced.checkAt());
        assertThat(tracker.check(LOG, entry.entryId(), V2, clock.instant()).verdict()).isEqualTo(Verdict.SETTLED);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void aForcedReleaseOfferedAgainAfterTheSinkRefusedItIsReleasedOnceQuiet() {
        NewEntry entry = tracker.observe(LOG, V1, clock.instant(), true).orElseThrow();
        clock.advance(MAX_DELAY);
        Decision forced = tracker.check(LOG, entry.entryId(), V2, clock.instant());
        tracker.observe(LOG, V2, clock.instant(), true);   // what the gate does when the sink throws

        clock.set(forced.checkAt());
        assertThat(tracker.check(LOG, entry.entryId(), V2, clock.instant())).isEqualTo(Decision.release(V2));
    }

    @Test
    void aClockThatJumpsBackRestartsTheMaxDelayInsteadOfStretchingIt() {
        NewEntry entry = tracker.observe(LOG, V1, clock.instant(), true).orElseThrow();
        clock.advance(Duration.ofHours(-1));
        Instant afterJump = clock.instant();

        Decision decision = tracker.check(LOG, entry.entryId(), V2, afterJump);
        assertThat(decision.checkAt()).isEqualTo(afterJump.plus(QUIET));
        for (int i = 1; i <= 5; i++) {
            clock.set(afterJump.plus(QUIET.multipliedBy(i)));
            decision = tracker.check(LOG, entry.entryId(), i % 2 == 0 ? V2 : V3, clock.instant());
        }
        assertThat(decision.verdict()).isEqualTo(Verdict.FORCED_RELEASE);
    }

    @Test
    void releaseNowTakesAFileStillAtTheKnownVersionAndNotOneWrittenSince() {
        FileRef renamed = new FileRef(ROOT, Path.of("app.log.1"));
        NewEntry entry = tracker.observe(renamed, V1, clock.instant(), true).orElseThrow();
        assertThat(tracker.releaseNow(renamed, entry.entryId(), V1, entry.checkAt())).isEqualTo(Decision.release(V1));
        assertThat(tracker.size()).isZero();
        assertThat(tracker.releaseNow(renamed, entry.entryId(), V1, entry.checkAt()).verdict()).isEqualTo(Verdict.STALE);

        NewEntry written = tracker.observe(renamed, V1, clock.instant(), true).orElseThrow();
        tracker.observe(renamed, V2, clock.instant(), true);
        assertThat(tracker.releaseNow(renamed, written.entryId(), V1, written.checkAt()))
                .isEqualTo(Decision.waitUntil(written.checkAt()));
        assertThat(tracker.size()).isEqualTo(1);
    }
}
