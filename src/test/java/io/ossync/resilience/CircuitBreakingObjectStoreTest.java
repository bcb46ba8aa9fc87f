package io.ossync.resilience;

import io.ossync.testing.MutableClock;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.store.ObjectOptions;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.ObjectStore.PutResult;
import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.store.OssObjectStore;
import io.ossync.store.StoreException;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The breaker in front of the real store ({@link OssObjectStore} through the SDK) against the
 * emulator, whose request counters show what reached the server. Time is a {@link MutableClock}
 * moved by hand, so the open state ends when the test says, not after a real wait.
 */
class CircuitBreakingObjectStoreTest {

    static final String BUCKET = EmulatorExtension.BUCKET;
    /** Opens at 50 % failures once 4 calls are in; 10 s open; one probe. */
    static final BreakerSettings SETTINGS = new BreakerSettings(10, 4, 50f, Duration.ofSeconds(10), 1);

    /** Resilience4j lets the probe through strictly after the wait. */
    static final Duration WAIT_OVER = SETTINGS.waitInOpen().plusMillis(1);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T08:00:00Z"));
    private CircuitBreakingObjectStore store;

    private CircuitBreakingObjectStore breaking(ObjectStore delegate, Clock c) {
        return new CircuitBreakingObjectStore(delegate, SETTINGS, new ErrorLogThrottle(c), c);
    }

    private CircuitBreakingObjectStore store() {
        if (store == null) {
            store = breaking(EmulatorStores.sdkStore(emulator), clock);
        }
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private long requests() {
        return EmulatorStores.requestsSeen(emulator);
    }

    /**
     * Makes every request fail with 503 and sends the 4 calls that open the breaker (a listing: a
     * HEAD answer has no body, hence no error code).
     */
    private void openTheBreaker() {
        emulator.emulator().faults().failRandomly(1.0, 503, "ServiceUnavailable");
        for (int i = 0; i < SETTINGS.minimumCalls(); i++) {
            assertThatThrownBy(() -> store().listMultipartUploads(BUCKET, "k"))
                    .isInstanceOfSatisfying(StoreException.Transient.class,
                            e -> assertThat(e.errorCode()).isEqualTo("ServiceUnavailable"));
        }
        assertThat(store().availability().breaker().getState()).isEqualTo(State.OPEN);
    }

    @Test
    void transientFailuresOpenItAndThenCallsFailFastWithoutReachingTheServer() {
        openTheBreaker();
        assertThat(requests()).isEqualTo(4);

        UploadRef upload = new UploadRef(BUCKET, "dir/k.bin", "some-upload");
        for (int i = 0; i < 25; i++) {
            assertThatThrownBy(() -> store().uploadPart(upload, 3, tmp.resolve("never-read"), 0, 100))
                    .isInstanceOfSatisfying(StoreException.Transient.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(CircuitBreakingObjectStore.CIRCUIT_OPEN);
                        assertThat(e.getMessage()).isEqualTo(
                                "oss: upload part 3 of oss://test-bucket/dir/k.bin: CircuitOpen: endpoint unavailable, retrying in 10s");
                        assertThat(CircuitBreakingObjectStore.isCircuitOpen(e)).isTrue();
                    });
            assertThatThrownBy(() -> store().listMultipartUploads(BUCKET, "dir/"))
                    .satisfies(e -> assertThat(CircuitBreakingObjectStore.isCircuitOpen(e)).isTrue());
        }
        assertThat(requests()).isEqualTo(4);
        assertThat(store().availability().available()).isFalse();
        assertThat(store().availability().untilProbe()).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(7));
        assertThatThrownBy(() -> store().headObject(BUCKET, "k")).hasMessageEndingWith("retrying in 3s");
        assertThat(requests()).isEqualTo(4);
    }

    @Test
    void afterTheWaitOneProbeGoesThroughAndItsSuccessClosesIt() throws Exception {
        openTheBreaker();
        emulator.emulator().faults().clear();   // the endpoint is back
        clock.advance(WAIT_OVER);
        assertThat(store().availability().available()).isTrue();

        assertThat(store().headObject(BUCKET, "absent")).isEmpty();   // the probe: an answer
        assertThat(store().availability().breaker().getState()).isEqualTo(State.CLOSED);
        assertThat(requests()).isEqualTo(5);

        Path file = TestFiles.random(tmp.resolve("a.bin"), 300 * 1024, 7);
        PutResult put = store().putObject(BUCKET, "after/a.bin", file, ObjectOptions.DEFAULT);
        ObjectInfo head = store().headObject(BUCKET, "after/a.bin").orElseThrow();
        assertThat(head.size()).isEqualTo(Files.size(file));
        assertThat(head.crc64()).hasValue(put.crc64());
        assertThat(requests()).isEqualTo(7);
    }

    @Test
    void aFailedProbeOpensItAgainForAnotherWait() {
        openTheBreaker();
        clock.advance(WAIT_OVER);

        assertThatThrownBy(() -> store().listMultipartUploads(BUCKET, "k"))
                .isInstanceOfSatisfying(StoreException.Transient.class,
                        e -> assertThat(e.errorCode()).isEqualTo("ServiceUnavailable"));
        assertThat(requests()).isEqualTo(5);
        assertThat(store().availability().breaker().getState()).isEqualTo(State.OPEN);
        assertThat(store().availability().untilProbe()).isEqualTo(Duration.ofSeconds(10));

        assertThatThrownBy(() -> store().headObject(BUCKET, "k"))
                .satisfies(e -> assertThat(CircuitBreakingObjectStore.isCircuitOpen(e)).isTrue());
        assertThat(requests()).isEqualTo(5);
    }

    @Test
    void whileTheProbeIsOutOtherCallsFailFast() throws Exception {
        openTheBreaker();
        emulator.emulator().faults().clear();
        emulator.emulator().faults().latency(OssOperation.HEAD_OBJECT, Duration.ofMillis(700));
        clock.advance(WAIT_OVER);

        CompletableFuture<Optional<ObjectInfo>> probe = CompletableFuture.supplyAsync(() -> store().headObject(BUCKET, "p"));
        await().atMost(Duration.ofSeconds(5)).until(() -> requests() == 5);
        assertThat(store().availability().breaker().getState()).isEqualTo(State.HALF_OPEN);
        assertThat(store().availability().available()).isFalse();   // the one probe is out
        assertThatThrownBy(() -> store().deleteObject(BUCKET, "x"))
                .isInstanceOfSatisfying(StoreException.Transient.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "oss: delete object oss://test-bucket/x: CircuitOpen: endpoint unavailable, probing whether it is back"));

        assertThat(probe.get()).isEmpty();
        assertThat(store().availability().breaker().getState()).isEqualTo(State.CLOSED);
        assertThat(requests()).isEqualTo(5);
    }

    @Test
    void refusalsAreAnswersAndNeverOpenIt() {
        try (CircuitBreakingObjectStore wrongSecret = breaking(EmulatorStores.sdkStore(emulator, "not-the-secret"), clock)) {
            for (int i = 0; i < 30; i++) {
                assertThatThrownBy(() -> wrongSecret.headObject(BUCKET, "k")).isInstanceOf(StoreException.AccessDenied.class);
                assertThatThrownBy(() -> wrongSecret.deleteObject(BUCKET, "k")).isInstanceOf(StoreException.AccessDenied.class);
            }
            assertThat(wrongSecret.availability().breaker().getState()).isEqualTo(State.CLOSED);
            assertThat(wrongSecret.availability().breaker().getMetrics().getNumberOfFailedCalls()).isZero();
        }
        assertThat(requests()).isEqualTo(60);

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> store().listMultipartUploads("no-such-bucket", "")).isInstanceOf(StoreException.NotFound.class);
            assertThatThrownBy(() -> store().abortMultipartUpload(new UploadRef(BUCKET, "k", "no-such-upload")))
                    .isInstanceOf(StoreException.UploadGone.class);
        }
        assertThat(store().availability().breaker().getState()).isEqualTo(State.CLOSED);
        assertThat(store().availability().breaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(10);
        assertThat(requests()).isEqualTo(80);
    }

    @Test
    void localFileErrorsAreNotCounted() {
        Path missing = tmp.resolve("missing.bin");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> store().putObject(BUCKET, "k", missing, ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.LocalFile.class, e -> assertThat(e.file()).isEqualTo(missing));
        }
        assertThat(store().availability().breaker().getMetrics().getNumberOfBufferedCalls()).isZero();
        assertThat(store().availability().breaker().getState()).isEqualTo(State.CLOSED);
        assertThat(requests()).isZero();
    }

    @Test
    void copiesWhoseSourceChangedAreNotCountedThoughTheyWereAnswered() {
        UploadRef up = store().initiateMultipartUpload(BUCKET, "k", ObjectOptions.DEFAULT);
        long buffered = store().availability().breaker().getMetrics().getNumberOfBufferedCalls();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> store().copyObject(BUCKET, "absent", "etag", "k2", ObjectOptions.DEFAULT))
                    .isInstanceOf(StoreException.CopySourceChanged.class);
            assertThatThrownBy(() -> store().uploadPartCopy(up, 1, "absent", "etag", 0, 10))
                    .isInstanceOf(StoreException.CopySourceChanged.class);
        }
        assertThat(store().availability().breaker().getMetrics().getNumberOfBufferedCalls()).isEqualTo(buffered);
        assertThat(requests()).as("each one reached the server").isEqualTo(21);
    }

    @Test
    void aLocalFileErrorAsTheProbeDecidesNothingAndTheNextCallProbes() {
        openTheBreaker();
        emulator.emulator().faults().clear();
        clock.advance(WAIT_OVER);

        assertThatThrownBy(() -> store().uploadPart(new UploadRef(BUCKET, "k", "u"), 1, tmp.resolve("missing"), 0, 10))
                .isInstanceOf(StoreException.LocalFile.class);
        assertThat(store().availability().breaker().getState()).isEqualTo(State.HALF_OPEN);
        assertThat(store().availability().available()).isTrue();
        assertThat(requests()).isEqualTo(4);

        assertThat(store().headObject(BUCKET, "absent")).isEmpty();
        assertThat(store().availability().breaker().getState()).isEqualTo(State.CLOSED);
    }

    @Test
    void awaitAvailableGivesUpAtItsLimitAndWakesOnATransition() throws Exception {
        openTheBreaker();
        long t0 = System.nanoTime();
        assertThat(store().availability().awaitAvailable(Duration.ofMillis(100))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));

        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return store().availability().awaitAvailable(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // The test clock never reaches the end of the open state: only a transition can wake it.
        store().availability().breaker().transitionToClosedState();
        assertThat(waiter.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(store().availability().awaitAvailable(Duration.ZERO)).isTrue();
    }

    @Test
    void anOutageIsLoggedOncePerWindowWithACountAndItsEndOnce() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(CircuitBreakingObjectStore.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            openTheBreaker();                       // t = 0: logged
            for (int i = 0; i < 3; i++) {           // failed probes at 10, 20 (held back) and 30 s (logged)
                clock.advance(WAIT_OVER);
                assertThatThrownBy(() -> store().listMultipartUploads(BUCKET, "k"))
                        .isInstanceOfSatisfying(StoreException.Transient.class,
                                e -> assertThat(e.errorCode()).isEqualTo("ServiceUnavailable"));
            }
            emulator.emulator().faults().clear();
            clock.advance(WAIT_OVER);
            assertThat(store().listMultipartUploads(BUCKET, "k")).isEmpty();
        } finally {
            logger.detachAppender(appender);
        }
        List<String> lines = appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("WARN store endpoint unavailable, calls fail fast breaker=object-store "
                + "from=closed failure_rate=100% probe_in_ms=10000 last_error=\"oss: list multipart uploads "
                + "oss://test-bucket/k: ServiceUnavailable");
        assertThat(lines.get(1)).startsWith("WARN store endpoint unavailable, calls fail fast breaker=object-store "
                + "from=half_open").endsWith(" (repeated 2 times in 30s)");
        assertThat(lines.get(2)).isEqualTo("INFO store endpoint available again breaker=object-store unavailable_ms=40004");
    }
}
