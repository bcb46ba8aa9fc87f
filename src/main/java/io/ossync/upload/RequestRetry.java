package io.ossync.upload;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.ossync.resilience.CircuitBreakingObjectStore;
import io.ossync.store.StoreException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one per-request retry layer (the SDK's own retries are off): exponential back-off with
 * jitter, for transient store errors only. Access errors, missing uploads, invalid requests and
 * local files that cannot be read are never retried here: the caller decides what they mean.
 */
public final class RequestRetry {

    /** About 200 ms, doubling with jitter, capped at 20 s, 6 tries in all (about 40 s at worst). */
    public static final RequestRetry DEFAULT = new RequestRetry(Duration.ofMillis(200), Duration.ofSeconds(20), 6);

    private final RetryConfig config;
    private final Runnable onRetry;
    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;
    /** One {@link Retry} per request name (a handful: put, head, copy, ...). */
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();

    public RequestRetry(Duration base, Duration cap, int maxAttempts) {
        this(base, cap, maxAttempts, () -> {
        });
    }

    private RequestRetry(Duration base, Duration cap, int maxAttempts, Runnable onRetry) {
        this.config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(base, 2.0, 0.5, cap))
                // An open circuit refused the call without sending it: the worker waits for the
                // endpoint instead of sleeping through back-offs here.
                .retryOnException(e -> e instanceof StoreException.Transient t
                        && !CircuitBreakingObjectStore.isCircuitOpen(t))
                .failAfterMaxAttempts(false)
                .build();
        this.onRetry = onRetry;
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
    }

    /** This policy, calling {@code onRetry} before each retry (for the retries metric). */
    public RequestRetry withOnRetry(Runnable action) {
        return new RequestRetry(base, cap, maxAttempts, action);
    }

    /** Runs {@code request}, retrying it on transient failures; the last failure is rethrown. */
    public <T> T call(String name, Supplier<T> request) {
        return retries.computeIfAbsent(name, this::retry).executeSupplier(request);
    }

    /**
     * The policy for requests of this name, made once: a {@link Retry} is shared by the calls that
     * run at once (each execution keeps its own attempt count), while building one and
     * registering its listener for every request cost more than the small files' requests did.
     */
    private Retry retry(String name) {
        Retry retry = Retry.of(name, config);
        retry.getEventPublisher().onRetry(event -> onRetry.run());
        return retry;
    }

    public void run(String name, Runnable request) {
        call(name, () -> {
            request.run();
            return null;
        });
    }
}
