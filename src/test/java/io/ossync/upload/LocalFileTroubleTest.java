package io.ossync.upload;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.ossync.checkpoint.CheckpointStore;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.resilience.BreakerSettings;
import io.ossync.resilience.CircuitBreakingObjectStore;
import io.ossync.resilience.ErrorLogThrottle;
import io.ossync.store.ObjectOptions;
import io.ossync.store.OssClientTuning;
import io.ossync.store.OssCredentials;
import io.ossync.store.OssEndpoint;
import io.ossync.store.OssObjectStore;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.StateDatabaseExtension;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 11, point 3: local file trouble during an upload is the file's, never the endpoint's. A
 * file truncated while its parts are read restarts the upload at once (no request waits for bytes
 * that never come, the circuit breaker counts nothing); a file that becomes a FIFO or a directory
 * ends its upload, aborted on the server and forgotten locally. The engine runs on the real SDK
 * store behind the daemon's circuit breaker, against the emulator and a real SQLite file.
 */
class LocalFileTroubleTest {

    private static final int KIB = 1024;
    private static final int PART = 100 * KIB;
    /** Long enough that a part waiting for its missing bytes would show in the elapsed time. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path tmp;

    private CircuitBreakingObjectStore store;
    private CheckpointStore checkpoints;
    private RemoteObjects remote;

    @BeforeEach
    void setUp() {
        OssObjectStore sdk = new OssObjectStore(OssEndpoint.parse(emulator.endpoint(), EmulatorExtension.REGION, false),
                new OssCredentials(EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET, Optional.empty()),
                new OssClientTuning(Duration.ofSeconds(5), SOCKET_TIMEOUT, 16));
        store = new CircuitBreakingObjectStore(sdk, BreakerSettings.DEFAULT, new ErrorLogThrottle(Clock.systemUTC()),
                Clock.systemUTC());
        checkpoints = new CheckpointStore(state.database(), Clock.systemUTC());
        remote = new RemoteObjects(emulator.endpoint(), EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET);
    }

    @AfterEach
    void tearDown() {
        store.close();
        remote.close();
    }

    private UploadResult upload(Path file, UploadListener listener) throws UploadFailedException {
        UploadEngine engine = new UploadEngine(store, checkpoints,
                new RequestRetry(Duration.ofMillis(10), Duration.ofMillis(50), 4));
        // One part at a time: which part meets the change, and how, is then certain.
        return engine.upload(new UploadRequest(file, EmulatorExtension.BUCKET, file.getFileName().toString(),
                ObjectOptions.DEFAULT, new PartSizeSetting.Fixed(PART), 1), listener);
    }

    private void assertNoUploadLeft() {
        assertThat(remote.openUploads(EmulatorExtension.BUCKET, "")).as("multipart uploads open on the server").isEmpty();
        assertThat(checkpoints.all()).as("checkpoint rows").isEmpty();
    }

    private void assertBreakerCountedNothing() {
        CircuitBreaker breaker = store.availability().breaker();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("failures counted against the endpoint").isZero();
    }

    @Test
    void aFileTruncatedWhileItsPartsAreReadRestartsAtOnceAndTheObjectIsTheTruncatedFile() throws Exception {
        Path file = TestFiles.random(tmp.resolve("shrinking.bin"), 30L * PART, 31);
        long cut = 12L * PART;   // 40 %
        AtomicBoolean truncated = new AtomicBoolean();
        List<String> restarts = new ArrayList<>();
        UploadListener truncator = new UploadListener() {
            @Override
            public void partSending(int partNumber) {
                // Part 13 passed its identity check and is about to read bytes from the cut on.
                if (partNumber == 13 && truncated.compareAndSet(false, true)) {
                    truncate(file, cut);
                }
            }

            @Override
            public void restarted(RestartReason reason, String detail) {
                restarts.add(reason + ": " + detail);
            }
        };

        long started = System.nanoTime();
        UploadResult r = upload(file, truncator);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(truncated).isTrue();
        assertThat(restarts).containsExactly("FILE_CHANGED: file ended at byte " + cut
                + ", the bytes to send end at byte " + (cut + PART));
        assertThat(elapsed).as("no part waited for bytes (socket timeout %s)", SOCKET_TIMEOUT)
                .isLessThan(Duration.ofSeconds(10));
        assertThat(r.restarts()).isEqualTo(1);
        assertThat(r.size()).isEqualTo(cut);
        assertThat(remote.sha256(EmulatorExtension.BUCKET, "shrinking.bin")).isEqualTo(TestFiles.sha256(file));
        assertBreakerCountedNothing();
        assertNoUploadLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "directory"})
    void aFileReplacedByANonRegularFileEndsItsUploadAbortedAndForgotten(String replacement) throws Exception {
        Path file = TestFiles.random(tmp.resolve("replaced.bin"), 10L * PART, 32);
        AtomicBoolean replaced = new AtomicBoolean();
        UploadListener replacer = new UploadListener() {
            @Override
            public void partConfirmed(int partNumber, long bytes) {
                if (partNumber == 3 && replaced.compareAndSet(false, true)) {
                    replace(file, replacement);
                }
            }
        };

        assertThatThrownBy(() -> upload(file, replacer))
                .isInstanceOfSatisfying(UploadFailedException.class, e ->
                        assertThat(e.reason()).isEqualTo(UploadFailedException.Reason.NOT_A_REGULAR_FILE))
                .hasMessage(file + ": not a regular file ("
                        + (replacement.equals("fifo") ? "a FIFO, socket or device" : "a directory") + ")");

        assertThat(replaced).isTrue();
        assertThat(emulator.emulator().counters().requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
        assertThat(remote.exists(EmulatorExtension.BUCKET, "replaced.bin")).isFalse();
        assertBreakerCountedNothing();
        assertNoUploadLeft();
    }

    private static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void replace(Path file, String replacement) {
        try {
            Files.delete(file);
            if (replacement.equals("directory")) {
                Files.createDirectory(file);
                return;
            }
            Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
            assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
