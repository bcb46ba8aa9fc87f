package io.ossync.resilience;

import io.ossync.checkpoint.Checkpoint;
import io.ossync.checkpoint.CheckpointStore;
import io.ossync.config.AfterUpload;
import io.ossync.config.DaemonConfig;
import io.ossync.config.DeleteLimit;
import io.ossync.config.KeyTemplate;
import io.ossync.config.PathFilter;
import io.ossync.config.TargetConfig;
import io.ossync.config.UploadConfig;
import io.ossync.config.WatchConfig;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.files.FileIdentity;
import io.ossync.state.SqliteFiles;
import io.ossync.state.StateDatabase;
import io.ossync.store.ObjectOptions;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.MultipartUploadInfo;
import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sweep against the emulator, with a real checkpoint store in a temporary SQLite file. The
 * emulator stamps Initiated with the real time, so the sweep's clock is set ahead to make uploads
 * old.
 */
class OrphanSweepTest {

    private static final String BUCKET = EmulatorExtension.BUCKET;
    private static final Duration ORPHAN_AGE = Duration.ofHours(24);
    private static final FileIdentity IDENTITY = new FileIdentity(5 * 1024 * 1024, 1_763_627_400_123_456_789L, "(dev=803,ino=42)");

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path dir;

    private Path dbFile;
    private StateDatabase db;
    private CheckpointStore checkpoints;
    private ObjectStore store;

    @BeforeEach
    void open() {
        dbFile = state.file();
        db = state.database();
        checkpoints = new CheckpointStore(db, Clock.systemUTC());
        store = EmulatorStores.sdkStore(emulator);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Clock daysAhead(int days) {
        return Clock.fixed(Instant.now().plus(Duration.ofDays(days)), ZoneOffset.UTC);
    }

    private OrphanSweep sweep(List<String> prefixes, Clock clock) {
        return new OrphanSweep(store, checkpoints, BUCKET, prefixes, ORPHAN_AGE, clock);
    }

    private String initiate(String key) {
        return store.initiateMultipartUpload(BUCKET, key, ObjectOptions.DEFAULT).uploadId();
    }

    private Checkpoint known(String key) {
        return checkpoints.begin(dir.resolve("watched").resolve(key), BUCKET, key, initiate(key), 1024 * 1024, IDENTITY);
    }

    /** Every unfinished upload in the bucket, as "key" strings, in key order. */
    private List<String> remainingKeys() {
        return store.listMultipartUploads(BUCKET, "").stream().map(MultipartUploadInfo::key).sorted().toList();
    }

    private long requests(OssOperation op) {
        return emulator.emulator().counters().requests(op);
    }

    @Test
    void abortsOldUploadsNoCheckpointKnowsAndKeepsTheOthers() throws Exception {
        initiate("in/a.bin");
        initiate("in/sub/c.bin");
        known("in/b.bin");
        Checkpoint corrupt = known("in/d.bin");
        SqliteFiles.execute(dbFile, "UPDATE uploads SET part_size = part_size * 2 WHERE id = " + corrupt.id());
        // Killed after Initiate was answered, before its id was recorded: the intent row has no id.
        checkpoints.beginIntent(dir.resolve("watched/in/e.bin"), BUCKET, "in/e.bin", 1024 * 1024, IDENTITY);
        initiate("in/e.bin");
        initiate("out/x.bin");
        emulator.emulator().counters().reset();

        SweepReport report = sweep(List.of("in/", "in/sub/", "in/"), daysAhead(2)).run();

        assertThat(report).isEqualTo(new SweepReport(5, 2, 0, 3, 0, true));
        assertThat(requests(OssOperation.LIST_MULTIPART_UPLOADS)).isEqualTo(1);   // overlaps listed once
        assertThat(requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isEqualTo(3);
        assertThat(remainingKeys()).containsExactly("in/b.bin", "in/d.bin", "out/x.bin");

        assertThat(sweep(List.of("in/"), daysAhead(2)).run()).isEqualTo(new SweepReport(2, 2, 0, 0, 0, true));
    }

    @Test
    void keepsUnknownUploadsYoungerThanTheOrphanAge() {
        initiate("in/a.bin");
        initiate("in/b.bin");
        known("in/c.bin");

        Clock almostADayLater = Clock.fixed(Instant.now().plus(ORPHAN_AGE).minusSeconds(60), ZoneOffset.UTC);
        SweepReport report = sweep(List.of("in/"), almostADayLater).run();

        assertThat(report).isEqualTo(new SweepReport(3, 1, 2, 0, 0, true));
        assertThat(requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isZero();
        assertThat(remainingKeys()).containsExactly("in/a.bin", "in/b.bin", "in/c.bin");
    }

    @Test
    void anEmptyPrefixSweepsTheWholeBucket() {
        initiate("in/a.bin");
        initiate("elsewhere/b.bin");
        known("c.bin");

        OrphanSweep sweep = sweep(List.of("in/", ""), daysAhead(2));
        assertThat(sweep.prefixes()).containsExactly("");
        assertThat(sweep.run()).isEqualTo(new SweepReport(3, 1, 0, 2, 0, true));
        assertThat(remainingKeys()).containsExactly("c.bin");
    }

    @Test
    void failuresAreCountedNotThrownAndTheNextRunFinishesTheJob() {
        initiate("a/1.bin");
        initiate("b/2.bin");
        initiate("b/3.bin");
        emulator.emulator().faults().failNext(OssOperation.LIST_MULTIPART_UPLOADS, 1, 503, "ServiceUnavailable");
        emulator.emulator().faults().failNext(OssOperation.ABORT_MULTIPART_UPLOAD, 1, 500, "InternalError");
        OrphanSweep sweep = sweep(List.of("a/", "b/"), daysAhead(2));

        // a/ cannot be listed; of b/'s two orphans, the first abort fails.
        assertThat(sweep.run()).isEqualTo(new SweepReport(2, 0, 0, 1, 1, false));
        assertThat(remainingKeys()).hasSize(2).contains("a/1.bin");

        assertThat(sweep.run()).isEqualTo(new SweepReport(2, 0, 0, 2, 0, true));
        assertThat(remainingKeys()).isEmpty();
    }

    @Test
    void abortsNothingWhenTheCheckpointsCannotBeRead() {
        initiate("in/a.bin");
        db.close();

        assertThat(sweep(List.of("in/"), daysAhead(2)).run()).isEqualTo(new SweepReport(1, 0, 0, 0, 0, false));
        assertThat(requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isZero();
        assertThat(remainingKeys()).containsExactly("in/a.bin");
    }

    @Test
    void sweepsTheFixedPrefixOfEveryWatchOfTheConfiguration() {
        initiate("logs/web-1/2026/a.log");
        initiate("photos/b.jpg");
        initiate("other/c.bin");
        DaemonConfig config = new DaemonConfig(dir.resolve("ossync.yaml"), new TargetConfig("embedded", "cn-hangzhou", BUCKET),
                dbFile, List.of(watch("logs", "logs/{hostname}/{date:yyyy}/"), watch("photos", "photos/")),
                UploadConfig.DEFAULTS, Duration.ofMinutes(5), true, Duration.ofSeconds(30), ORPHAN_AGE, Optional.empty());

        OrphanSweep sweep = OrphanSweep.of(config, store, checkpoints, daysAhead(2));

        assertThat(sweep.prefixes()).containsExactly("logs/web-1/", "photos/");
        assertThat(sweep.run()).isEqualTo(new SweepReport(2, 0, 0, 2, 0, true));
        assertThat(remainingKeys()).containsExactly("other/c.bin");
    }

    private WatchConfig watch(String folder, String prefix) {
        return new WatchConfig(dir.resolve(folder), KeyTemplate.parse(prefix, "web-1"), PathFilter.everything(),
                Duration.ofSeconds(2), AfterUpload.KEEP, false, false, StorageClass.STANDARD, ServerSideEncryption.NONE,
                DeleteLimit.DEFAULT);
    }

    @Test
    void aScheduledSweepKeepsRunningAfterFailures() {
        initiate("in/a.bin");
        emulator.emulator().faults().failNext(OssOperation.LIST_MULTIPART_UPLOADS, 2, 503, "ServiceUnavailable");
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> scheduled = sweep(List.of("in/"), daysAhead(2)).scheduleOn(executor, Duration.ofMillis(50));
            // Listing here would use up the injected faults: watch the counters instead.
            await().atMost(Duration.ofSeconds(10)).until(() -> requests(OssOperation.ABORT_MULTIPART_UPLOAD) == 1);
            assertThat(requests(OssOperation.LIST_MULTIPART_UPLOADS)).isGreaterThanOrEqualTo(3);
            assertThat(scheduled.isDone()).isFalse();
            assertThat(remainingKeys()).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }
}
