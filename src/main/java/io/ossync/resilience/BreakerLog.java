package io.ossync.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Logs what the store's circuit breaker does: opening as one throttled WARN per outage window
 * (during a long outage it reopens after every failed probe), the probes at DEBUG, closing again
 * at INFO with how long the endpoint was unavailable. Messages of store errors are already free of
 * secrets (translated at the store's edge).
 */
final class BreakerLog {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakingObjectStore.class);
    static final String UNAVAILABLE_KEY = "store.endpoint.unavailable";

    private final CircuitBreaker breaker;
    private final ErrorLogThrottle throttle;
    private final Clock clock;
    private final Duration waitInOpen;
    private final AtomicReference<String> lastFailure = new AtomicReference<>("none");
    private final AtomicReference<Instant> unavailableSince = new AtomicReference<>();

    private BreakerLog(CircuitBreaker breaker, ErrorLogThrottle throttle, Clock clock, Duration waitInOpen) {
        this.breaker = breaker;
        this.throttle = throttle;
        this.clock = clock;
        this.waitInOpen = waitInOpen;
    }

    static void attach(CircuitBreaker breaker, ErrorLogThrottle throttle, Clock clock, Duration waitInOpen) {
        BreakerLog l = new BreakerLog(breaker, throttle, clock, waitInOpen);
        breaker.getEventPublisher()
                .onError(e -> l.lastFailure.set(e.getThrowable().getMessage()))
                .onStateTransition(e -> l.transition(e.getStateTransition().getFromState(),
                        e.getStateTransition().getToState()));
    }

    private void transition(State from, State to) {
        switch (to) {
            case OPEN -> {
                unavailableSince.compareAndSet(null, clock.instant());
                throttle.warn(log, UNAVAILABLE_KEY, String.format(Locale.ROOT,
                        "store endpoint unavailable, calls fail fast breaker=%s from=%s failure_rate=%.0f%% "
                                + "probe_in_ms=%d last_error=\"%s\"", breaker.getName(), name(from),
                        breaker.getMetrics().getFailureRate(), waitInOpen.toMillis(), lastFailure.get()));
            }
            case HALF_OPEN -> log.debug("store endpoint probe breaker={}", breaker.getName());
            case CLOSED -> {
                Instant since = unavailableSince.getAndSet(null);
                long ms = since == null ? 0 : Duration.between(since, clock.instant()).toMillis();
                log.info("store endpoint available again breaker={} unavailable_ms={}", breaker.getName(), ms);
            }
            default -> log.info("store circuit breaker changed breaker={} from={} to={}", breaker.getName(),
                    name(from), name(to));
        }
    }

    private static String name(State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
