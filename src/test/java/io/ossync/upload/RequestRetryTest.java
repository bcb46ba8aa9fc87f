package io.ossync.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ossync.store.ObjectStore.Operation;
import io.ossync.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The retry policy, made once per request name and shared by the calls that run at once. */
class RequestRetryTest {

    private final AtomicInteger retried = new AtomicInteger();
    private final RequestRetry retry = new RequestRetry(Duration.ofMillis(1), Duration.ofMillis(2), 3)
            .withOnRetry(retried::incrementAndGet);

    private static StoreException.Transient transientFailure() {
        return new StoreException.Transient(new StoreException.Failure(Operation.PUT_OBJECT, "b", "k", 0, "SlowDown",
                503, "slow down", null), null);
    }

    @Test
    void eachCallHasItsOwnAttemptsAndEveryRetryIsCounted() {
        for (int call = 0; call < 3; call++) {
            AtomicInteger attempts = new AtomicInteger();
            String result = retry.call("put", () -> {
                if (attempts.incrementAndGet() < 3) {
                    throw transientFailure();
                }
                return "ok";
            });
            assertThat(result).isEqualTo("ok");
            assertThat(attempts).hasValue(3);
        }
        assertThat(retried).hasValue(6);

        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("put", () -> {
            attempts.incrementAndGet();
            throw transientFailure();
        })).isInstanceOf(StoreException.Transient.class);
        assertThat(attempts).as("3 tries in all, then the last failure").hasValue(3);
    }

    @Test
    void anInvalidRequestIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("head", () -> {
            attempts.incrementAndGet();
            throw new StoreException.InvalidRequest(new StoreException.Failure(Operation.HEAD_OBJECT, "b", "k", 0,
                    "InvalidArgument", 400, "bad", null), null);
        })).isInstanceOf(StoreException.InvalidRequest.class);
        assertThat(attempts).hasValue(1);
        assertThat(retried).hasValue(0);
    }

    @Test
    void callsAtOnceUnderOneNameKeepTheirOwnCounts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> {
                    AtomicInteger attempts = new AtomicInteger();
                    retry.call("put", () -> {
                        if (attempts.incrementAndGet() < 2) {
                            throw transientFailure();
                        }
                        return null;
                    });
                    return attempts.get();
                }));
            }
            for (Future<Integer> f : calls) {
                assertThat(f.get(1, TimeUnit.MINUTES)).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(retried).hasValue(200);
    }
}
