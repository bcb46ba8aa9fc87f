package io.ossync.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * How long a failed job waits before its next attempt: the outer back-off, above the per-request
 * retries of the upload. It doubles from {@code first} with each failed attempt up to {@code max},
 * less a random part of up to {@code jitter} of it, so that jobs failing together (the network was
 * down) do not all come back at the same instant; {@code max} is never exceeded. Access errors
 * (wrong credentials, no permission) wait {@code accessDelay}: a person has to act first, and
 * hammering the service helps nobody.
 *
 * <p>Pure apart from the random source it is given; thread-safe when that is.
 */
public final class JobBackoff {

    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofMinutes(5);
    public static final Duration ACCESS_DELAY = Duration.ofMinutes(5);
    public static final double JITTER = 0.25;

    private final Duration first;
    private final Duration max;
    private final Duration accessDelay;
    private final double jitter;
    private final RandomGenerator random;

    /**
     * @param jitter the largest fraction taken off a delay at random, in [0, 1)
     * @param random thread-safe when the back-off is shared by workers (e.g. {@link Random})
     */
    public JobBackoff(Duration first, Duration max, Duration accessDelay, double jitter, RandomGenerator random) {
        this.first = positive(first, "first back-off");
        this.max = positive(max, "longest back-off");
        this.accessDelay = positive(accessDelay, "back-off after an access error");
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("longest back-off (" + max + ") is shorter than the first (" + first + ")");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be at least 0 and less than 1: " + jitter);
        }
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** 1 s doubling to 5 min, up to a quarter less at random; 5 min after an access error. */
    public static JobBackoff standard() {
        return new JobBackoff(FIRST, MAX, ACCESS_DELAY, JITTER, new Random());
    }

    /**
     * The wait after a failed attempt.
     *
     * @param failedAttempts failed attempts of the job so far, counting the one that just failed
     *                       ({@code job.attempts() + 1}); at least 1
     */
    public Duration afterFailure(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failed attempts start at 1: " + failedAttempts);
        }
        Duration ceiling = first;
        for (int i = 1; i < failedAttempts && ceiling.compareTo(max) < 0; i++) {
            ceiling = ceiling.multipliedBy(2);
        }
        if (ceiling.compareTo(max) > 0) {
            ceiling = max;
        }
        long nanos = ceiling.toNanos();
        return Duration.ofNanos(nanos - (long) (nanos * jitter * random.nextDouble()));
    }

    /** The wait after an attempt that failed for want of access: fixed, no growth. */
    public Duration afterAccessError() {
        return accessDelay;
    }

    private static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }
}
