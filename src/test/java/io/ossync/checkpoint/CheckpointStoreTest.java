package io.ossync.checkpoint;

import io.ossync.files.FileIdentity;
import io.ossync.state.SqliteFiles;
import io.ossync.state.StateDatabase;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-20T08:30:00.123Z");
    private static final FileIdentity IDENTITY = new FileIdentity(25 * 1024 * 1024, 1_763_627_400_123_456_789L,
            "(dev=803,ino=4242)");
    private static final long MIB = 1024 * 1024;

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path dir;
    Path dbFile;
    Path file;
    StateDatabase db;
    CheckpointStore store;

    @BeforeEach
    void open() {
        dbFile = state.file();
        file = dir.resolve("watched/a.bin");
        db = state.database();
        store = new CheckpointStore(db, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Checkpoint begin() {
        return store.begin(file, "bucket", "dir/a.bin", "UPLOAD-1", 8 * MIB, IDENTITY);
    }

    private static PartRecord part(int n, String etag) {
        return new PartRecord(n, (n - 1) * 8 * MIB, 8 * MIB, etag, 0x995DC9BBDF1939FAL + n);
    }

    @Test
    void beginThenFindGivesTheSameCheckpoint() {
        Checkpoint begun = begin();

        assertThat(begun.file()).isEqualTo(file);
        assertThat(begun.createdAt()).isEqualTo(NOW);
        assertThat(begun.restarts()).isZero();
        assertThat(begun.uploadRef().uploadId()).isEqualTo("UPLOAD-1");
        assertThat(store.find(file, "bucket", "dir/a.bin")).isEqualTo(new Lookup.Found(begun, List.of()));
    }

    @Test
    void findsTheFilesCheckpointsInABucketWhateverTheirKeyOldestFirst() {
        Checkpoint first = store.begin(file, "bucket", "2026/01/01/a.bin", "UPLOAD-1", 8 * MIB, IDENTITY);
        Checkpoint second = store.begin(file, "bucket", "2026/01/02/a.bin", "UPLOAD-2", 8 * MIB, IDENTITY);
        store.begin(file, "other", "2026/01/01/a.bin", "UPLOAD-3", 8 * MIB, IDENTITY);
        store.begin(dir.resolve("watched/b.bin"), "bucket", "2026/01/01/b.bin", "UPLOAD-4", 8 * MIB, IDENTITY);

        assertThat(store.find(file, "bucket"))
                .containsExactly(new Lookup.Found(first, List.of()), new Lookup.Found(second, List.of()));
        assertThat(store.find(dir.resolve("watched/c.bin"), "bucket")).isEmpty();
    }

    @Test
    void findMatchesFileBucketAndKeyExactly() {
        begin();
        assertThat(store.find(file, "bucket", "dir/b.bin")).isInstanceOf(Lookup.Absent.class);
        assertThat(store.find(file, "other", "dir/a.bin")).isInstanceOf(Lookup.Absent.class);
        assertThat(store.find(dir.resolve("watched/b.bin"), "bucket", "dir/a.bin")).isInstanceOf(Lookup.Absent.class);
        assertThat(store.find(dir.resolve("watched/../watched/./a.bin"), "bucket", "dir/a.bin"))
                .isInstanceOf(Lookup.Found.class);
    }

    @Test
    void restartsAreKept() {
        Checkpoint begun = store.begin(file, "bucket", "k", "UPLOAD-2", 8 * MIB, IDENTITY, 3);
        assertThat(begun.restarts()).isEqualTo(3);
        assertThat(((Lookup.Found) store.find(file, "bucket", "k")).checkpoint().restarts()).isEqualTo(3);
    }

    @Test
    void aSecondBeginForTheSameUploadIsRefused() {
        Checkpoint first = begin();
        assertThatThrownBy(() -> store.begin(file, "bucket", "dir/a.bin", "UPLOAD-2", 8 * MIB, IDENTITY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a checkpoint already exists for " + file + " -> oss://bucket/dir/a.bin (row "
                        + first.id() + ", upload id UPLOAD-1): abort and delete it first");
    }

    @Test
    void partsComeBackInOrderWithTheirBitsAndReRecordingReplaces() {
        Checkpoint cp = begin();
        store.recordPart(cp.id(), part(3, "\"etag-3\""));
        store.recordPart(cp.id(), part(1, "\"etag-1\""));
        store.recordPart(cp.id(), part(2, "\"etag-2\""));
        store.recordPart(cp.id(), new PartRecord(2, 8 * MIB, 8 * MIB, "\"etag-2b\"", -1L));

        Lookup.Found found = (Lookup.Found) store.find(file, "bucket", "dir/a.bin");

        assertThat(found.parts()).containsExactly(part(1, "\"etag-1\""),
                new PartRecord(2, 8 * MIB, 8 * MIB, "\"etag-2b\"", -1L), part(3, "\"etag-3\""));
        assertThat(found.parts().get(0).crc64()).isEqualTo(0x995DC9BBDF1939FBL); // the high bit survives
    }

    @Test
    void deleteRemovesTheUploadAndItsParts() throws Exception {
        Checkpoint cp = begin();
        store.recordParts(cp.id(), List.of(part(1, "e1"), part(2, "e2")));

        assertThat(store.delete(cp.id())).isTrue();
        assertThat(store.delete(cp.id())).isFalse();

        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOf(Lookup.Absent.class);
        assertThat(SqliteFiles.queryLong(dbFile, "SELECT count(*) FROM parts")).isZero();
    }

    @Test
    void aPartForADeletedCheckpointFailsAndIdsAreNeverReused() {
        Checkpoint old = begin();
        store.delete(old.id());
        Checkpoint renewed = store.begin(file, "bucket", "dir/a.bin", "UPLOAD-2", 8 * MIB, IDENTITY, 1);

        assertThat(renewed.id()).isNotEqualTo(old.id());
        assertThatThrownBy(() -> store.recordPart(old.id(), part(1, "late")))
                .isInstanceOf(NoSuchCheckpointException.class)
                .hasMessage("checkpoint " + old.id() + " does not exist (any more): its upload was finished or "
                        + "started over");
        assertThat(((Lookup.Found) store.find(file, "bucket", "dir/a.bin")).parts()).isEmpty();
    }

    @Test
    void anUploadRowEditedBehindTheStoresBackIsCorrupt() throws Exception {
        Checkpoint cp = begin();
        store.recordPart(cp.id(), part(1, "e1"));
        SqliteFiles.execute(dbFile, "UPDATE uploads SET part_size = part_size * 2");

        Lookup lookup = store.find(file, "bucket", "dir/a.bin");

        assertThat(lookup).isInstanceOfSatisfying(Lookup.Corrupt.class, corrupt -> {
            assertThat(corrupt.checkpointId()).isEqualTo(cp.id());
            assertThat(corrupt.uploadId()).hasValue("UPLOAD-1");
            assertThat(corrupt.localPath()).isEqualTo(file.toString());
            assertThat(corrupt.reason()).startsWith("upload row " + cp.id() + " fails its checksum (stored ");
        });
        assertThat(store.all()).containsExactly(lookup);
        assertThat(store.delete(((Lookup.Corrupt) lookup).checkpointId())).isTrue();
    }

    @Test
    void aPartRowEditedBehindTheStoresBackMakesTheCheckpointCorrupt() throws Exception {
        Checkpoint cp = begin();
        store.recordParts(cp.id(), List.of(part(1, "e1"), part(2, "e2"), part(3, "e3")));
        SqliteFiles.execute(dbFile, "UPDATE parts SET etag = 'forged' WHERE part_number = 2");

        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOfSatisfying(Lookup.Corrupt.class,
                corrupt -> assertThat(corrupt.reason()).startsWith("part 2 of upload row " + cp.id()
                        + " fails its checksum"));
    }

    @Test
    void aRowWithAValidChecksumButImpossibleValuesIsCorrupt() throws Exception {
        Checkpoint cp = begin();
        UploadsTable.Row forged = new UploadsTable.Row(cp.id(), file.toString(), "bucket", "dir/a.bin", "UPLOAD-1",
                8 * MIB, -5, 0, null, NOW.toEpochMilli(), 0, 0, null, null, null, null).signed();
        SqliteFiles.execute(dbFile, "UPDATE uploads SET file_size = -5, file_mtime_ns = 0, file_key = NULL, "
                + "row_checksum = " + forged.checksum());

        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOfSatisfying(Lookup.Corrupt.class,
                corrupt -> assertThat(corrupt.reason()).isEqualTo("upload row " + cp.id()
                        + " holds impossible values: file size cannot be negative: -5"));
    }

    @Test
    void deletingInsideTheCallersTransactionCommitsOrRollsBackWithIt() {
        Checkpoint cp = begin();
        RuntimeException ledgerFailed = new RuntimeException("ledger insert failed");
        assertThatThrownBy(() -> db.runInTransaction(c -> {
            assertThat(store.delete(c, cp.id())).isTrue();
            throw ledgerFailed;
        })).isSameAs(ledgerFailed);
        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOf(Lookup.Found.class);

        db.runInTransaction(c -> store.delete(c, cp.id()));
        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOf(Lookup.Absent.class);
    }

    @Test
    void reopeningKeepsCheckpointsAndParts() {
        Checkpoint cp = begin();
        store.recordPart(cp.id(), part(1, "e1"));
        db = state.reopen();

        store = new CheckpointStore(db, Clock.systemUTC());

        assertThat(store.find(file, "bucket", "dir/a.bin")).isEqualTo(new Lookup.Found(cp, List.of(part(1, "e1"))));
    }

    @Test
    void allListsEveryCheckpointOldestFirst() {
        Checkpoint a = begin();
        Checkpoint b = store.begin(dir.resolve("watched/b.bin"), "bucket", "dir/b.bin", "UPLOAD-B", MIB,
                new FileIdentity(3 * MIB, 1, null));
        store.recordPart(b.id(), new PartRecord(1, 0, MIB, "eb", 7));

        assertThat(store.all()).containsExactly(new Lookup.Found(a, List.of()),
                new Lookup.Found(b, List.of(new PartRecord(1, 0, MIB, "eb", 7))));
    }

    @Test
    void partsRecordedFromManyThreadsAllCount() throws Exception {
        Checkpoint cp = begin();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t * 250 + 1;
                futures.add(pool.submit(() -> {
                    for (int n = first; n < first + 250; n++) {
                        store.recordPart(cp.id(), part(n, "e" + n));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<PartRecord> parts = ((Lookup.Found) store.find(file, "bucket", "dir/a.bin")).parts();
        assertThat(parts).hasSize(1000);
        assertThat(parts.get(999)).isEqualTo(part(1000, "e1000"));
    }

    @Test
    void tenThousandPartsOneCommitEachThenBatched() {
        Checkpoint cp = begin();
        long start = System.nanoTime();
        for (int n = 1; n <= 10_000; n++) {
            store.recordPart(cp.id(), part(n, "etag-" + n));
        }
        long oneByOne = System.nanoTime() - start;

        start = System.nanoTime();
        Lookup.Found found = (Lookup.Found) store.find(file, "bucket", "dir/a.bin");
        long read = System.nanoTime() - start;

        List<PartRecord> again = new ArrayList<>();
        for (int n = 1; n <= 10_000; n++) {
            again.add(part(n, "etag-again-" + n));
        }
        start = System.nanoTime();
        store.recordParts(cp.id(), again);
        long batched = System.nanoTime() - start;

        assertThat(found.parts()).hasSize(10_000);
        assertThat(found.parts().get(9_999)).isEqualTo(part(10_000, "etag-10000"));
        assertThat(((Lookup.Found) store.find(file, "bucket", "dir/a.bin")).parts()).isEqualTo(again);
        System.out.printf("10,000 part rows: one commit each %d ms, batched in one transaction %d ms, "
                + "read back with checksums %d ms%n", oneByOne / 1_000_000, batched / 1_000_000, read / 1_000_000);
    }

    // ---- checkpoints that copy from an object ----------------------------------------------------

    private static final io.ossync.store.SourceObject SOURCE =
            new io.ossync.store.SourceObject("dir/a.bin", "\"ETAG-OLD\"", 16 * MIB, 0x1234_5678_9ABC_DEF0L);

    @Test
    void theSourceOfACopyingUploadIsKeptWithItsCheckpoint() {
        Checkpoint intent = store.beginIntent(file, "bucket", "dir/a.bin", 8 * MIB, IDENTITY, SOURCE);
        Checkpoint attached = store.attachUpload(intent.id(), "UPLOAD-7");
        assertThat(attached.source()).isEqualTo(SOURCE);
        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.checkpoint().source()).isEqualTo(SOURCE));
    }

    @Test
    void anUploadWithoutSourceReadsBackWithNone() {
        begin();
        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.checkpoint().source()).isNull());
    }

    @Test
    void anEditedSourceFailsTheRowsChecksum() throws Exception {
        Checkpoint cp = store.beginIntent(file, "bucket", "dir/a.bin", 8 * MIB, IDENTITY, SOURCE);
        store.attachUpload(cp.id(), "UPLOAD-7");
        SqliteFiles.execute(dbFile, "UPDATE uploads SET source_size = 8388608");

        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOfSatisfying(Lookup.Corrupt.class,
                corrupt -> assertThat(corrupt.reason()).contains("fails its checksum"));
    }

    @Test
    void aSourceAddedToARowWithoutOneIsCorrupt() throws Exception {
        begin();
        SqliteFiles.execute(dbFile, "UPDATE uploads SET source_key = 'other.bin', source_etag = 'E', "
                + "source_size = 1, source_crc64 = 1");

        assertThat(store.find(file, "bucket", "dir/a.bin")).isInstanceOf(Lookup.Corrupt.class);
    }
}
