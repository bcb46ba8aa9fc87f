package io.ossync.upload;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.ossync.store.TransientStoreException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one per-request retry layer (the SDK's own retries are off): exponential back-off with
 * jitter, for transient store errors only. Access errors, missing uploads and invalid requests are
 * never retried here: the caller decides what they mean.
 */
public final class RequestRetry {

    /** About 200 ms, doubling with jitter, capped at 20 s, 6 tries in all (about 40 s at worst). */
    public static final RequestRetry DEFAULT = new RequestRetry(Duration.ofMillis(200), Duration.ofSeconds(20), 6);

    private final RetryConfig config;

    public RequestRetry(Duration base, Duration cap, int maxAttempts) {
        this.config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(base, 2.0, 0.5, cap))
                .retryOnException(e -> e instanceof TransientStoreException)
                .failAfterMaxAttempts(false)
                .build();
    }

    /** Runs {@code request}, retrying it on transient failures; the last failure is rethrown. */
    public <T> T call(String name, Supplier<T> request) {
        return Retry.of(name, config).executeSupplier(request);
    }

    public void run(String name, Runnable request) {
        call(name, () -> {
            request.run();
            return null;
        });
    }
}
