package io.ossync.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether the object store behind a {@link CircuitBreakingObjectStore} can be called now, for
 * workers that should pause while the endpoint is down instead of claiming jobs that fail fast.
 *
 * <p>The store counts as available when its breaker is closed or half-open, or open with its wait
 * over (the next call is the probe: Resilience4j moves to half-open on that call, not on a timer).
 * Half-open lets only the probes through: a worker that calls then may still get a
 * {@code CircuitOpen} failure and should simply wait again. Thread-safe.
 */
public final class StoreAvailability {

    private static final long MIN_WAKE_NANOS = Duration.ofMillis(1).toNanos();

    private final CircuitBreaker breaker;
    private final Clock clock;
    private final Duration waitInOpen;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Instant probeAfter = Instant.MIN;

    private StoreAvailability(CircuitBreaker breaker, Clock clock, Duration waitInOpen) {
        this.breaker = breaker;
        this.clock = clock;
        this.waitInOpen = waitInOpen;
    }

    /** Follows {@code breaker}'s state changes from now on. */
    static StoreAvailability following(CircuitBreaker breaker, Clock clock, Duration waitInOpen) {
        StoreAvailability availability = new StoreAvailability(breaker, clock, waitInOpen);
        breaker.getEventPublisher().onStateTransition(e -> availability.stateChanged(e.getStateTransition().getToState()));
        return availability;
    }

    /** True when a call would be let through now (or is the probe that decides). */
    public boolean available() {
        return switch (breaker.getState()) {
            case OPEN -> !clock.instant().isBefore(probeAfter);
            case FORCED_OPEN -> false;
            default -> true;
        };
    }

    /**
     * Waits until the store is {@link #available()} or {@code max} has passed.
     *
     * @return whether it is available
     * @throws InterruptedException when interrupted while waiting (the flag is then cleared, as usual)
     */
    public boolean awaitAvailable(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        lock.lockInterruptibly();
        try {
            while (!available()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Wake at the end of the wait in open state (no event marks it) or on any transition.
                long wake = breaker.getState() == State.OPEN
                        ? Math.max(untilProbe().toNanos(), MIN_WAKE_NANOS) : left;
                changed.awaitNanos(Math.min(left, wake));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How long calls still fail fast before a probe is let through; zero unless open. */
    public Duration untilProbe() {
        if (breaker.getState() != State.OPEN) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), probeAfter);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The breaker itself, for metrics and tests. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    private void stateChanged(State to) {
        if (to == State.OPEN) {
            probeAfter = clock.instant().plus(waitInOpen);
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
