package io.ossync.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether the object store behind a {@link CircuitBreakingObjectStore} can be called now, for
 * workers that should pause while the endpoint is down instead of claiming jobs that fail fast.
 *
 * <p>The store counts as available when its breaker is closed, open with its wait over (the next
 * call is the probe: Resilience4j moves to half-open on that call, not on a timer), or half-open
 * with a probe still to send. While the probes are out it is unavailable: waiters wake when they
 * end. Several workers woken together race for the probe; the losers get a {@code CircuitOpen}
 * failure without a request and should simply wait again. Thread-safe.
 */
public final class StoreAvailability {

    private static final long MIN_WAKE_NANOS = Duration.ofMillis(1).toNanos();

    private final CircuitBreaker breaker;
    private final Clock clock;
    private final Duration waitInOpen;
    private final int probes;
    private final AtomicInteger probesOut = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Instant probeAfter = Instant.MIN;

    private StoreAvailability(CircuitBreaker breaker, Clock clock, Duration waitInOpen, int probes) {
        this.breaker = breaker;
        this.clock = clock;
        this.waitInOpen = waitInOpen;
        this.probes = probes;
    }

    /** Follows {@code breaker}'s state changes from now on. */
    static StoreAvailability following(CircuitBreaker breaker, Clock clock, BreakerSettings settings) {
        StoreAvailability availability = new StoreAvailability(breaker, clock, settings.waitInOpen(), settings.probes());
        breaker.getEventPublisher().onStateTransition(e -> availability.stateChanged(e.getStateTransition().getToState()));
        return availability;
    }

    /** True when a call would be let through now (or is the probe that decides). */
    public boolean available() {
        return switch (breaker.getState()) {
            // Strictly after, as Resilience4j decides; probeAfter is taken just after its own deadline.
            case OPEN -> clock.instant().isAfter(probeAfter);
            case HALF_OPEN -> probesOut.get() < probes;
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

    /**
     * Called by the store when a call got its permission: true when the breaker is half-open, so
     * the call is a probe and {@link #probeEnded()} must follow. Advisory (a transition may slip in
     * between), but always balanced.
     */
    boolean probeStarted() {
        if (breaker.getState() != State.HALF_OPEN) {
            return false;
        }
        probesOut.incrementAndGet();
        return true;
    }

    /** A probe ended; if it decided nothing (an ignored error), the next waiter may probe. */
    void probeEnded() {
        probesOut.decrementAndGet();
        signalAll();
    }

    private void stateChanged(State to) {
        if (to == State.OPEN) {
            probeAfter = clock.instant().plus(waitInOpen);
        }
        signalAll();
    }

    private void signalAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
