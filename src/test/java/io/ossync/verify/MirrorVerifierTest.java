package io.ossync.verify;

import io.ossync.config.DaemonConfig;
import io.ossync.daemon.WatchBinding;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.store.ObjectOptions;
import io.ossync.store.ObjectStore;
import io.ossync.store.OssClientTuning;
import io.ossync.store.OssCredentials;
import io.ossync.store.OssEndpoint;
import io.ossync.store.OssObjectStore;
import io.ossync.testing.StateDatabaseExtension;
import io.ossync.testing.TestConfig;
import io.ossync.testing.TestFiles;
import io.ossync.verify.Finding.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier's I/O on a real SQLite ledger and the emulator, rows written as the daemon writes them
 * ({@link Ledger#record} in a transaction, {@link JobQueue#enqueue}): it sees the files the daemon
 * would (filters, links, {@code {date}} keys), asks for the job only of files not uploaded, and counts
 * what a missing watched folder hides.
 */
class MirrorVerifierTest {

    private static final String BUCKET = EmulatorExtension.BUCKET;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path tmp;

    private ObjectStore store;

    @BeforeEach
    void openStore() {
        store = new OssObjectStore(OssEndpoint.parse(emulator.endpoint(), EmulatorExtension.REGION, false),
                new OssCredentials(EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET,
                        Optional.empty()), OssClientTuning.DEFAULT);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Uploads the file to {@code key} and records it in the ledger, as a verified upload does. */
    private void mirror(Path file, String key) throws Exception {
        FileIdentity identity = FileIdentity.read(file);
        long crc = store.putObject(BUCKET, key, file, ObjectOptions.DEFAULT).crc64();
        Ledger ledger = new Ledger(state.database(), Clock.systemUTC());
        state.database().runInTransaction(c -> ledger.record(c, file, BUCKET, key, identity, crc));
    }

    @Test
    void seesTheDaemonsFilesAndKeysAndReportsAMissingWatchedFolder() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path dated = Files.createDirectories(tmp.resolve("dated"));
        DaemonConfig cfg = TestConfig.of(emulator.endpoint(), state.file())
                .onlyWatch(logs, "in/").withWatch("exclude", "[\"*.log\"]")
                .watch(dated, "d/{date:yyyy}/")
                .watch(tmp.resolve("absent"), "gone/")
                .load(tmp.resolve("ossync.yaml"), TestConfig.EMULATOR_ENV);

        Path a = TestFiles.random(logs.resolve("a.bin"), 3000, 1);
        mirror(a, "in/a.bin");
        TestFiles.random(logs.resolve("skipped.log"), 10, 2);    // excluded by the watch
        TestFiles.random(logs.resolve("half.part"), 10, 3);      // always excluded
        Files.createSymbolicLink(logs.resolve("link.bin"), a);   // links are not followed
        Path queued = TestFiles.random(logs.resolve("queued.bin"), 20, 4);
        new JobQueue(state.database(), Clock.systemUTC()).enqueue(queued, logs, JobKind.UPLOAD);
        Path old = TestFiles.random(dated.resolve("old.txt"), 40, 5);
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2019-06-01T00:00:00Z")));
        mirror(old, "d/2019/old.txt");

        AtomicLong started = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        VerifyProgress progress = new VerifyProgress() {
            @Override
            public void started(long files, long bytes) {
                started.set(bytes);
                assertThat(files).isEqualTo(3);
            }

            @Override
            public void checked(long bytes) {
                checked.addAndGet(bytes);
            }
        };
        VerifyReport report = new MirrorVerifier(store, new Ledger(state.database(), Clock.systemUTC()),
                new JobQueue(state.database(), Clock.systemUTC()), BUCKET, 2, true, progress)
                .verify(cfg.watches().stream().map(WatchBinding::of).toList());

        assertThat(report.summaryLine()).isEqualTo(
                "verify: files=3 complete=2 missing=0 differ=0 pending=1 set_aside=0 changed=0 unreadable=1");
        assertThat(report.findings()).containsExactly(
                new Finding(Kind.UNREADABLE, null, tmp.resolve("absent"), "watched folder " + tmp.resolve("absent")
                        + ": does not exist"),
                new Finding(Kind.PENDING, "in/queued.bin", queued, "never uploaded; queued"));
        assertThat(started.get()).isEqualTo(3000 + 20 + 40);
        assertThat(checked.get()).isEqualTo(started.get());
    }

    @Test
    void aStoreThatRefusesEndsTheVerification() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("w"));
        DaemonConfig cfg = TestConfig.of(emulator.endpoint(), state.file()).onlyWatch(dir, "in/")
                .load(tmp.resolve("ossync.yaml"), TestConfig.EMULATOR_ENV);
        Path f = TestFiles.random(dir.resolve("f.bin"), 10, 1);
        mirror(f, "in/f.bin");
        MirrorVerifier verifier = new MirrorVerifier(store, new Ledger(state.database(), Clock.systemUTC()),
                new JobQueue(state.database(), Clock.systemUTC()), "no-such-bucket", 1, false, VerifyProgress.NONE);
        // The ledger names test-bucket, the configured bucket is another: the file is pending, no request made.
        assertThat(verifier.verify(cfg.watches().stream().map(WatchBinding::of).toList()).counts().get(Kind.PENDING))
                .isEqualTo(1);
        emulator.emulator().faults().failNext(io.ossync.emulator.OssOperation.HEAD_OBJECT, 1, 403, "AccessDenied");
        MirrorVerifier refused = new MirrorVerifier(store, new Ledger(state.database(), Clock.systemUTC()),
                new JobQueue(state.database(), Clock.systemUTC()), BUCKET, 1, false, VerifyProgress.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.verify(
                        cfg.watches().stream().map(WatchBinding::of).toList()))
                .isInstanceOf(io.ossync.store.StoreException.AccessDenied.class);
    }
}
