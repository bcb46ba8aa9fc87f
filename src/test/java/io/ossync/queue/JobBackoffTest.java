package io.ossync.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobBackoffTest {

    /** nextDouble() gives 0: no jitter taken off. */
    private static final RandomGenerator NO_JITTER = () -> 0L;
    /** nextDouble() gives the largest value below 1: the most jitter taken off. */
    private static final RandomGenerator MOST_JITTER = () -> -1L;

    private static JobBackoff backoff(RandomGenerator random) {
        return new JobBackoff(JobBackoff.FIRST, JobBackoff.MAX, JobBackoff.ACCESS_DELAY, 0.25, random);
    }

    @Test
    void doublesFromOneSecondUpToFiveMinutes() {
        JobBackoff backoff = backoff(NO_JITTER);

        assertThat(IntStream.rangeClosed(1, 12).mapToObj(backoff::afterFailure).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L);
        assertThat(backoff.afterFailure(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterTakesOffUpToAQuarterAndNeverAddsAnything() {
        assertThat(backoff(MOST_JITTER).afterFailure(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(751));
        assertThat(backoff(MOST_JITTER).afterFailure(20)).isBetween(Duration.ofSeconds(225), Duration.ofMillis(225_001));

        JobBackoff random = backoff(new Random(42));
        for (int attempt = 1; attempt <= 15; attempt++) {
            Duration ceiling = backoff(NO_JITTER).afterFailure(attempt);
            Duration floor = Duration.ofNanos(ceiling.toNanos() * 3 / 4);
            for (int i = 0; i < 100; i++) {
                assertThat(random.afterFailure(attempt)).isBetween(floor, ceiling);
            }
        }
    }

    @Test
    void jitterSpreadsJobsThatFailTogether() {
        JobBackoff random = backoff(new Random(7));
        assertThat(IntStream.range(0, 50).mapToObj(i -> random.afterFailure(3)).distinct().count()).isGreaterThan(40);
    }

    @Test
    void accessErrorsWaitFiveMinutesEveryTime() {
        JobBackoff backoff = JobBackoff.standard();
        assertThat(backoff.afterAccessError()).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.afterAccessError()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void impossibleSettingsAreRefused() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new JobBackoff(Duration.ZERO, s, s, 0, NO_JITTER))
                .hasMessage("first back-off must be positive: PT0S");
        assertThatThrownBy(() -> new JobBackoff(Duration.ofSeconds(2), s, s, 0, NO_JITTER))
                .hasMessage("longest back-off (PT1S) is shorter than the first (PT2S)");
        assertThatThrownBy(() -> new JobBackoff(s, s, Duration.ofSeconds(-5), 0, NO_JITTER))
                .hasMessage("back-off after an access error must be positive: PT-5S");
        assertThatThrownBy(() -> new JobBackoff(s, s, s, 1.0, NO_JITTER))
                .hasMessage("jitter must be at least 0 and less than 1: 1.0");
        assertThatThrownBy(() -> new JobBackoff(s, s, s, Double.NaN, NO_JITTER))
                .hasMessage("jitter must be at least 0 and less than 1: NaN");
        assertThatThrownBy(() -> backoff(NO_JITTER).afterFailure(0)).hasMessage("failed attempts start at 1: 0");
    }
}
