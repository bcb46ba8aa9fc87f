package io.ossync.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An outage and its end as workers live through it, in real time: four workers that wait for
 * {@link StoreAvailability} before each call, an endpoint that answers 503 to everything for two
 * seconds, then comes back. Measures how soon work resumes and what reached the server meanwhile.
 */
class BreakerRecoveryIT {

    private static final Logger log = LoggerFactory.getLogger(BreakerRecoveryIT.class);
    private static final BreakerSettings SETTINGS = new BreakerSettings(20, 8, 50f, Duration.ofMillis(500), 1);
    private static final int WORKERS = 4;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong calls = new AtomicLong();      // calls that were let through
    private final AtomicLong fastFails = new AtomicLong();  // calls refused without a request
    private final AtomicLong backAt = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong firstSuccessAfterBack = new AtomicLong(Long.MAX_VALUE);

    private long requests() {
        return EmulatorStores.requestsSeen(emulator);
    }

    @Test
    void workersPauseDuringAnOutageAndResumeOnTheirOwn() throws Exception {
        try (CircuitBreakingObjectStore store = new CircuitBreakingObjectStore(
                EmulatorStores.sdkStore(emulator), SETTINGS,
                new ErrorLogThrottle(Clock.systemUTC()), Clock.systemUTC())) {
            AtomicLong atFirstOpen = new AtomicLong(-1);
            AtomicLong atClose = new AtomicLong(-1);
            AtomicLong closedAt = new AtomicLong();
            AtomicInteger probes = new AtomicInteger();
            AtomicInteger failedProbes = new AtomicInteger();
            store.availability().breaker().getEventPublisher().onStateTransition(e -> {
                switch (e.getStateTransition().getToState()) {
                    case OPEN -> {
                        atFirstOpen.compareAndSet(-1, requests());
                        if (e.getStateTransition().getFromState() == State.HALF_OPEN) {
                            failedProbes.incrementAndGet();
                        }
                    }
                    case HALF_OPEN -> probes.incrementAndGet();
                    case CLOSED -> {
                        atClose.set(requests());
                        closedAt.set(System.nanoTime());
                    }
                    default -> { }
                }
            });
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                Thread t = new Thread(() -> work(store), "test-worker-" + i);
                t.start();
                workers.add(t);
            }
            try {
                Thread.sleep(200);   // healthy
                emulator.emulator().faults().failRandomly(1.0, 503, "ServiceUnavailable");
                long outageStart = System.nanoTime();
                await().atMost(Duration.ofSeconds(10)).until(() -> store.availability().breaker().getState() == State.OPEN);
                long toOpenMs = (System.nanoTime() - outageStart) / 1_000_000;
                Thread.sleep(2_000);   // the outage goes on: a failed probe every 0.5 s
                backAt.set(System.nanoTime());
                emulator.emulator().faults().clear();
                await().atMost(Duration.ofSeconds(10)).until(() -> firstSuccessAfterBack.get() != Long.MAX_VALUE
                        && store.availability().breaker().getState() == State.CLOSED);

                long seenWhileOpen = atClose.get() - atFirstOpen.get();
                log.info("breaker figures: open_after_ms={} failed_probes={} probes={} requests_while_open={} "
                                + "fast_fails={} back_to_first_success_ms={} back_to_closed_ms={} wait_in_open_ms={}",
                        toOpenMs, failedProbes.get(), probes.get(), seenWhileOpen, fastFails.get(),
                        (firstSuccessAfterBack.get() - backAt.get()) / 1_000_000,
                        (closedAt.get() - backAt.get()) / 1_000_000, SETTINGS.waitInOpen().toMillis());

                assertThat(failedProbes.get()).isBetween(2, 5);   // 2 s of outage, a probe per 0.5 s, not more
                assertThat(probes.get()).isEqualTo(failedProbes.get() + 1);
                // While open only the probes reach the server, and the calls already on their way
                // when it opened (at most one per other worker).
                assertThat(seenWhileOpen).isBetween((long) probes.get(), (long) probes.get() + WORKERS - 1);
                assertThat(fastFails.get()).isPositive();
            } finally {
                stop.set(true);
                for (Thread t : workers) {
                    t.join(10_000);
                }
            }
            // Every call let through was one request; every refused one none.
            assertThat(requests()).isEqualTo(calls.get());
        }
    }

    private void work(CircuitBreakingObjectStore store) {
        while (!stop.get()) {
            try {
                if (!store.availability().awaitAvailable(Duration.ofMillis(100))) {
                    continue;
                }
                Thread.sleep(5);   // a worker does some work between calls
                store.headObject(EmulatorExtension.BUCKET, "k");
                calls.incrementAndGet();
                if (System.nanoTime() >= backAt.get()) {
                    firstSuccessAfterBack.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                }
            } catch (StoreException.Transient e) {
                if (CircuitBreakingObjectStore.isCircuitOpen(e)) {
                    fastFails.incrementAndGet();
                } else {
                    calls.incrementAndGet();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
