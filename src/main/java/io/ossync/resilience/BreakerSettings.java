package io.ossync.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.ossync.store.StoreException;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * When the circuit breaker on the object store opens and how it comes back.
 *
 * @param slidingWindowSize  how many of the latest calls the failure rate is computed over
 * @param minimumCalls       how many calls the window must hold before the breaker may open: a
 *                           few failures right after start are not an outage
 * @param failureRatePercent the share of transient failures (1..100) at or above which it opens
 * @param waitInOpen         how long calls fail fast before a probe is let through
 * @param probes             how many calls are let through while half-open; they decide whether
 *                           it closes (all answered) or opens again
 */
public record BreakerSettings(int slidingWindowSize, int minimumCalls, float failureRatePercent,
                              Duration waitInOpen, int probes) {

    /**
     * The last 20 calls, opened at 50 % transient failures once 8 calls are in (a dead endpoint
     * opens it within a few failed requests, one throttled request in twenty does not); 10 s of
     * failing fast, then one probe. One probe, because every call let through while the endpoint
     * is still down costs a connect timeout and a useless request.
     */
    public static final BreakerSettings DEFAULT = new BreakerSettings(20, 8, 50f, Duration.ofSeconds(10), 1);

    private static final Duration NEVER_SLOW = Duration.ofDays(365);

    public BreakerSettings {
        Objects.requireNonNull(waitInOpen, "waitInOpen");
        if (slidingWindowSize < 1) {
            throw new IllegalArgumentException("circuit breaker window must hold at least one call: " + slidingWindowSize);
        }
        if (minimumCalls < 1 || minimumCalls > slidingWindowSize) {
            throw new IllegalArgumentException("circuit breaker minimum calls must be in 1.." + slidingWindowSize
                    + ": " + minimumCalls);
        }
        if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
            throw new IllegalArgumentException("circuit breaker failure rate must be in (0, 100] percent: "
                    + failureRatePercent);
        }
        if (waitInOpen.isNegative() || waitInOpen.isZero()) {
            throw new IllegalArgumentException("circuit breaker wait in open state must be positive: " + waitInOpen);
        }
        if (probes < 1) {
            throw new IllegalArgumentException("circuit breaker needs at least one probe: " + probes);
        }
    }

    /**
     * The Resilience4j configuration: transient store errors are failures; any other store error
     * is a success (the endpoint answered, if only to refuse); a local file that cannot be read
     * (nothing was sent), a copy whose source changed (the caller's knowledge was stale) and
     * anything else (a bug) say nothing about the endpoint and are ignored.
     */
    CircuitBreakerConfig toConfig(Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(slidingWindowSize, minimumCalls, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(probes)
                .recordException(e -> e instanceof StoreException.Transient)
                .ignoreException(e -> !(e instanceof StoreException) || e instanceof StoreException.LocalFile
                        || e instanceof StoreException.CopySourceChanged)
                // Resilience4j opens on slow calls too (all calls over 60 s by default): a 5 GiB
                // part is slow and healthy, and a dead socket fails by its own timeout anyway.
                .slowCallDurationThreshold(NEVER_SLOW)
                // Half-open is entered by the first call after the wait, not by a library thread.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
    }
}
