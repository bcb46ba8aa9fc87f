package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RescanPacingTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRootNeverWalkedMayBeRescanned() {
        assertThat(new RescanPacing().rescanDue("r", 0)).isTrue();
    }

    @Test
    void aCostlyWalkPutsTheNextRescanOffByTwoHundredTimesItsCpuTime() {
        RescanPacing pacing = new RescanPacing();
        long end = 50 * SECOND;
        pacing.walked("big", end, 15 * SECOND);   // a million files: 15 s of CPU

        assertThat(pacing.rescanDue("big", end + 300 * SECOND)).as("after the 5-minute interval").isFalse();
        assertThat(pacing.rescanDue("big", end + 2_999 * SECOND)).isFalse();
        assertThat(pacing.rescanDue("big", end + 3_000 * SECOND)).as("50 minutes: 0.5% of a core").isTrue();
        assertThat(pacing.nextRescanNanos("big")).isEqualTo(end + 3_000 * SECOND);
    }

    @Test
    void aCheapWalkLeavesTheIntervalAsConfiguredAndRootsArePacedApart() {
        RescanPacing pacing = new RescanPacing();
        pacing.walked("small", 10 * SECOND, RescanPacing.FLOOR_NANOS - 1);
        pacing.walked("big", 10 * SECOND, 20 * SECOND);

        assertThat(pacing.rescanDue("small", 10 * SECOND)).isTrue();
        assertThat(pacing.rescanDue("big", 11 * SECOND)).isFalse();
        assertThat(pacing.rescanDue("other", 11 * SECOND)).isTrue();
    }

    @Test
    void theLatestWalkCounts() {
        RescanPacing pacing = new RescanPacing();
        pacing.walked("r", 0, 20 * SECOND);
        pacing.walked("r", 100 * SECOND, SECOND / 10);   // the tree shrank

        assertThat(pacing.rescanDue("r", 110 * SECOND)).isTrue();
    }
}
