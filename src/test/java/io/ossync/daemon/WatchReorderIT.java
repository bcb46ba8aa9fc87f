package io.ossync.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ossync.checkpoint.CheckpointStore;
import io.ossync.config.DaemonConfig;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.files.FileIdentity;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.queue.JobRequest;
import io.ossync.state.StateDatabase;
import io.ossync.store.ObjectOptions;
import io.ossync.store.OssClientTuning;
import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.TestConfig;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ossync.state.SqliteFiles.queryLong;
import static io.ossync.state.SqliteFiles.queryString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watches reordered and one removed while jobs are pending: jobs name their watch by its folder,
 * so each lands under its own watch's prefix with its own watch's mirror-deletes rule, and the
 * removed watch's jobs are dropped at start with their upload aborted. The daemon runs in this JVM
 * against the emulator; the pending jobs are queued on the real state database it then opens.
 */
class WatchReorderIT {

    private static final String BUCKET = EmulatorExtension.BUCKET;
    private static final int MIB = 1024 * 1024;
    private static final String LEDGER_KEYS = "SELECT group_concat(object_key) FROM (SELECT object_key FROM ledger "
            + "ORDER BY object_key)";
    private static final String LEDGER_AFTER = "a/new.bin,b/new.bin";
    private static final Map<String, String> ENV = TestConfig.EMULATOR_ENV;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private RemoteObjects remote;

    @BeforeEach
    void connect() {
        remote = new RemoteObjects(emulator.endpoint(), EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET);
    }

    @AfterEach
    void disconnect() {
        rootLogger().detachAppender(events);
        remote.close();
    }

    @Test
    void reorderedAndRemovedWatchesGiveNoErrorTheRightPrefixesAndNoJobLeft() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Path c = Files.createDirectories(tmp.resolve("c"));
        Path state = tmp.resolve("state/state.db");

        // Config 1: A (mirror-deletes), B, C. One file of A and one of B are uploaded, then deleted
        // while the daemon is stopped.
        TestFiles.random(a.resolve("gone.txt"), 1000, 1);
        TestFiles.random(b.resolve("gone.txt"), 1000, 2);
        DaemonConfig first = config("first.yaml", state, "200ms", watch(a, "a/", true), watch(b, "b/", false),
                watch(c, "c/", false));
        try (Daemon daemon = Daemon.start(first, ENV, Clock.systemUTC())) {
            awaitUntil("both files uploaded and in the ledger", () -> remote.exists(BUCKET, "a/gone.txt")
                    && remote.exists(BUCKET, "b/gone.txt") && queryLong(state, "SELECT count(*) FROM ledger") == 2);
        }
        Files.delete(a.resolve("gone.txt"));
        Files.delete(b.resolve("gone.txt"));

        // The jobs the stopped daemon left: uploads in every watch, a delete in A and in B, and in C
        // an upload that was running (with its checkpoint and an open multipart upload) and one set aside.
        Path aNew = TestFiles.random(a.resolve("new.bin"), 200_000, 3);
        Path bNew = TestFiles.random(b.resolve("new.bin"), 300_000, 4);
        Path cNew = TestFiles.random(c.resolve("new.bin"), 1000, 5);
        Path cBig = TestFiles.random(c.resolve("big.bin"), 3 * MIB, 6);
        Path cAside = TestFiles.random(c.resolve("aside.bin"), 1000, 7);
        UploadRef upload;
        try (StateDatabase db = StateDatabase.open(state);
             TargetConnection target = TargetConnection.open(first, ENV, OssClientTuning.DEFAULT)) {
            JobQueue queue = new JobQueue(db, Clock.systemUTC());
            queue.enqueue(cBig, c, JobKind.UPLOAD);
            queue.claim().orElseThrow();
            upload = target.store().initiateMultipartUpload(BUCKET, "c/big.bin", ObjectOptions.DEFAULT);
            new CheckpointStore(db, Clock.systemUTC()).begin(cBig, BUCKET, "c/big.bin", upload.uploadId(), MIB,
                    FileIdentity.read(cBig));
            queue.enqueue(cAside, c, JobKind.UPLOAD);
            queue.setAside(queue.claim().orElseThrow().id(), "permission denied");
            queue.enqueueAll(List.of(JobRequest.upload(cNew, c), JobRequest.upload(aNew, a), JobRequest.upload(bNew, b),
                    JobRequest.delete(a.resolve("gone.txt"), a), JobRequest.delete(b.resolve("gone.txt"), b)));
        }
        assertThat(remote.openUploads(BUCKET, "c/")).hasSize(1);
        assertThat(queryLong(state, "SELECT count(*) FROM jobs")).isEqualTo(7);

        // Config 2: B, A (reordered), C removed. A quiet period of an hour keeps the intake from
        // queueing the new files itself: only the pending jobs can upload them.
        DaemonConfig second = config("second.yaml", state, "1h", watch(b, "b/", false), watch(a, "a/", true));
        events.start();
        rootLogger().addAppender(events);
        try (Daemon daemon = Daemon.start(second, ENV, Clock.systemUTC())) {
            awaitUntil("no job left", () -> queryLong(state, "SELECT count(*) FROM jobs") == 0);
            awaitUntil("new files in the ledger, gone ones out",
                    () -> LEDGER_AFTER.equals(queryString(state, LEDGER_KEYS)));
        }

        assertThat(log(Level.ERROR)).isEmpty();
        assertThat(log(Level.INFO)).contains("jobs dropped: watch no longer configured watch=" + c + " count=3")
                .contains("upload aborted: watch no longer configured path=" + cBig + " key=c/big.bin upload_id="
                        + upload.uploadId());
        assertThat(remote.sha256(BUCKET, "a/new.bin")).isEqualTo(TestFiles.sha256(aNew));
        assertThat(remote.sha256(BUCKET, "b/new.bin")).isEqualTo(TestFiles.sha256(bNew));
        assertThat(remote.exists(BUCKET, "a/gone.txt")).as("A mirrors deletes").isFalse();
        assertThat(remote.exists(BUCKET, "b/gone.txt")).as("B does not mirror deletes").isTrue();
        assertThat(remote.exists(BUCKET, "c/new.bin")).as("C is no longer watched").isFalse();
        assertThat(remote.exists(BUCKET, "c/big.bin")).isFalse();
        assertThat(remote.openUploads(BUCKET, "")).as("the dropped job's upload is aborted").isEmpty();
        assertThat(queryLong(state, "SELECT count(*) FROM uploads")).as("checkpoint rows").isZero();
        assertThat(queryLong(state, "SELECT count(*) FROM parts")).isZero();
        assertThat(queryLong(state, "SELECT count(*) FROM jobs")).isZero();
    }

    /** A configuration of these watches on the emulator, loaded as the daemon loads it. */
    private DaemonConfig config(String name, Path state, String quietPeriod, Watch... watches) throws Exception {
        TestConfig config = TestConfig.of(emulator.endpoint(), state).upload("1MiB", 2, 2);
        for (Watch w : watches) {
            config.watch(w.folder(), w.prefix()).withWatch("quiet-period", quietPeriod)
                    .withWatch("mirror-deletes", Boolean.toString(w.mirrorDeletes()));
        }
        return config.load(tmp.resolve(name), ENV);
    }

    private record Watch(Path folder, String prefix, boolean mirrorDeletes) {
    }

    private static Watch watch(Path folder, String prefix, boolean mirrorDeletes) {
        return new Watch(folder, prefix, mirrorDeletes);
    }

    private static void awaitUntil(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(condition);
    }

    /** The messages logged at {@code level} since the second start. */
    private List<String> log(Level level) {
        synchronized (events) {   // the appender appends under its own lock
            return events.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
