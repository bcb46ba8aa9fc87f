package io.ossync.upload;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.store.ObjectStore;
import io.ossync.store.OssClientTuning;
import io.ossync.store.OssCredentials;
import io.ossync.store.OssEndpoint;
import io.ossync.store.OssObjectStore;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.StateDatabaseExtension;
import io.ossync.testing.TestFiles;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the upload engine's tests share: the strict emulator and a real SQLite state database for
 * each test, a store on that emulator, engines over both, an independent reader of the objects (the
 * official SDK), and the evidence they assert on (bytes the emulator received, rows left in the
 * state database). Part size 100 KiB keeps the files small.
 */
abstract class EngineTestBase {

    static final String BUCKET = EmulatorExtension.BUCKET;
    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;
    static final PartSizeSetting PART_100K = new PartSizeSetting.Fixed(100 * KIB);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path tmp;

    /** The store every engine of the test uses unless told otherwise. */
    ObjectStore store;
    RemoteObjects remote;

    @BeforeEach
    void openStore() {
        store = storeWithSocketTimeout(Duration.ofSeconds(10));
        remote = new RemoteObjects(emulator.endpoint(), EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET);
    }

    @AfterEach
    void closeStore() {
        store.close();
        remote.close();
    }

    /** A new store on the emulator; the caller closes it. */
    ObjectStore storeWithSocketTimeout(Duration socketTimeout) {
        return new OssObjectStore(OssEndpoint.parse(emulator.endpoint(), EmulatorExtension.REGION, false),
                new OssCredentials(EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET, Optional.empty()),
                new OssClientTuning(Duration.ofSeconds(5), socketTimeout, 16));
    }

    UploadEngine engine() {
        return engine(store);
    }

    UploadEngine engine(ObjectStore s) {
        return engine(s, new RequestRetry(Duration.ofMillis(10), Duration.ofMillis(50), 4));
    }

    UploadEngine engine(ObjectStore s, RequestRetry retry) {
        return new UploadEngine(s, checkpoints(), retry);
    }

    /** An engine that tries each request once: a fault of the emulator fails the upload at once. */
    UploadEngine impatientEngine() {
        return engine(store, new RequestRetry(Duration.ofMillis(1), Duration.ofMillis(1), 1));
    }

    /** A listener that has the emulator refuse every part (403) once {@code parts} parts are confirmed. */
    UploadListener refusePartsAfter(int parts) {
        AtomicInteger confirmed = new AtomicInteger();
        return new UploadListener() {
            @Override
            public void partConfirmed(int partNumber, long bytes) {
                if (confirmed.incrementAndGet() == parts) {
                    emulator.emulator().faults().failNext(OssOperation.UPLOAD_PART, 1000, 403, "AccessDenied");
                }
            }
        };
    }

    /** Runs {@code change} after the confirmed part {@code partNumber}, the first time it is confirmed only. */
    static UploadListener onceAfterPart(int partNumber, FileChange change, List<RestartReason> restarts) {
        AtomicBoolean done = new AtomicBoolean();
        return new UploadListener() {
            @Override
            public void partConfirmed(int n, long bytes) {
                if (n == partNumber && done.compareAndSet(false, true)) {
                    change.runUnchecked();
                }
            }

            @Override
            public synchronized void restarted(RestartReason reason, String detail) {
                restarts.add(reason);
            }
        };
    }

    @FunctionalInterface
    interface FileChange {
        void run() throws IOException;

        default void runUnchecked() {
            try {
                run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    CheckpointStore checkpoints() {
        return new CheckpointStore(state.database(), Clock.systemUTC());
    }

    /** File bytes the emulator received in part and PutObject bodies since its counters were reset. */
    long bytesReceived() {
        return emulator.emulator().counters().bodyBytesReceived(OssOperation.UPLOAD_PART)
                + emulator.emulator().counters().bodyBytesReceived(OssOperation.PUT_OBJECT);
    }

    void assertObjectEqualsFile(String key, Path file) throws IOException {
        assertThat(remote.sha256(BUCKET, key)).as("digest of oss://%s/%s", BUCKET, key).isEqualTo(TestFiles.sha256(file));
    }

    void assertNothingLeftBehind() throws SQLException {
        assertThat(remote.openUploads(BUCKET, "")).as("multipart uploads open on the server").isEmpty();
        assertThat(rows("uploads")).as("checkpoint rows").isZero();
        assertThat(rows("parts")).as("part rows").isZero();
    }

    long rows(String table) throws SQLException {
        try (Connection c = connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.getLong(1);
        }
    }

    void sql(String statement) throws SQLException {
        try (Connection c = connection(); Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    /** A connection of its own to the test's state database, as another process would read it. */
    Connection connection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + state.file());
    }
}
