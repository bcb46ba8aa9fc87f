package io.ossync.throttle;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BandwidthLimiterTest {

    private static final long MIB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void unlimitedNeverWaitsAndLeavesStreamsAlone() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(0, clock);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire(Integer.MAX_VALUE);
        }
        assertThat(clock.sleeps()).isEmpty();
        InputStream in = new ByteArrayInputStream(new byte[10]);
        assertThat(limiter.throttle(in)).isSameAs(in);
        assertThat(BandwidthLimiter.unlimited().isUnlimited()).isTrue();
        assertThat(BandwidthLimiter.of(1).throttle(in)).isInstanceOf(ThrottledInputStream.class);
    }

    @Test
    void slotsFollowEachOtherOnTheTimeline() {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(1000, clock); // 1 byte = 1 ms
        assertThat(limiter.reserve(100)).isZero();                    // starts now, ends at +100 ms
        assertThat(limiter.reserve(50)).isEqualTo(100_000_000L);      // waits for the first
        assertThat(limiter.reserve(1)).isEqualTo(150_000_000L);
        clock.advance(151_000_000L);                                  // timeline caught up: no wait
        assertThat(limiter.reserve(10)).isZero();
    }

    @Test
    void costIsRoundedUpSoRoundingNeverSpeedsUp() {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(3, clock);   // 333,333,333.3 ns a byte
        limiter.reserve(1);
        assertThat(limiter.reserve(1)).isEqualTo(333_333_334L);
        assertThat(limiter.reserve(1)).isEqualTo(666_666_668L);
    }

    @Test
    void steadyReaderGetsTheRateExactly() throws Exception {
        FakeClock clock = new FakeClock();
        long rate = 2 * MIB;
        BandwidthLimiter limiter = new BandwidthLimiter(rate, clock);
        long start = clock.nanoTime();
        long bytes = 0;
        while (bytes < 20 * MIB) {
            limiter.acquire(limiter.chunkSize());
            bytes += limiter.chunkSize();
        }
        // the last chunk is handed out when its slot starts, so the time is that of all but one chunk
        double seconds = (clock.nanoTime() - start) / (double) SECOND;
        assertThat(seconds).isCloseTo((bytes - limiter.chunkSize()) / (double) rate, within(1e-6));
    }

    @Test
    void lateWakeUpsDoNotLowerTheRate() throws Exception {
        FakeClock clock = new FakeClock(0, 3_000_000L);               // every sleep overshoots by 3 ms
        long rate = MIB;
        BandwidthLimiter limiter = new BandwidthLimiter(rate, clock); // chunk 52,428 bytes = 50 ms
        long bytes = 0;
        while (bytes < 10 * MIB) {
            limiter.acquire(limiter.chunkSize());
            bytes += limiter.chunkSize();
        }
        double measured = bytes / (clock.nanoTime() / (double) SECOND);
        // each 50 ms slot overshot by 3 ms would be 6% slow if lateness accumulated
        assertThat(measured / rate).isCloseTo(1.0, within(0.01));
    }

    @Test
    void idleTimeEarnsAtMostTheBurstCredit() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(1000, clock);
        clock.advance(60 * SECOND);                                   // a minute idle
        limiter.acquire(100);                                         // 100 ms of credit: free
        assertThat(clock.sleeps()).isEmpty();
        limiter.acquire(100);                                         // slot starts now: free
        assertThat(clock.sleeps()).isEmpty();
        limiter.acquire(100);                                         // credit spent: waits its turn
        assertThat(clock.sleeps()).containsExactly(100_000_000L);
    }

    @Test
    void chunkIsATwentiethOfASecondCappedAt64KiB() {
        assertThat(new BandwidthLimiter(100 * MIB, new FakeClock()).chunkSize()).isEqualTo(64 * 1024);
        assertThat(new BandwidthLimiter(100_000, new FakeClock()).chunkSize()).isEqualTo(5_000);
        assertThat(new BandwidthLimiter(10, new FakeClock()).chunkSize()).isEqualTo(1);
    }

    @Test
    void hugeRatesAndHugeRequestsDoNotOverflow() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(Long.MAX_VALUE / 2, clock);
        limiter.acquire(Integer.MAX_VALUE);
        limiter.acquire(Integer.MAX_VALUE);
        assertThat(clock.sleeps()).allSatisfy(nanos -> assertThat(nanos).isBetween(0L, 2L));
        BandwidthLimiter slow = new BandwidthLimiter(1, clock);
        assertThat(slow.reserve(Integer.MAX_VALUE)).isZero();
        assertThat(slow.reserve(1)).isEqualTo(Integer.MAX_VALUE * SECOND);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> BandwidthLimiter.of(-1))
                .hasMessage("bandwidth must be 0 (unlimited) or positive, not -1");
        assertThatThrownBy(() -> BandwidthLimiter.of(10).acquire(-5)).hasMessage("negative byte count -5");
    }
}
