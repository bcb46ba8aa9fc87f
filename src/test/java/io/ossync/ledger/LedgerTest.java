package io.ossync.ledger;

import io.ossync.files.FileIdentity;
import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.ossync.state.SqliteFiles.execute;
import static io.ossync.state.SqliteFiles.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:30:00.250Z");
    private static final FileIdentity V1 = new FileIdentity(1_000, 1_763_627_400_123_456_789L, "(dev=803,ino=42)");
    private static final long CRC = 0x995DC9BBDF1939FAL;

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    Path dbFile;
    MutableClock clock = new MutableClock(T0);
    StateDatabase db;
    Ledger ledger;

    @BeforeEach
    void open() {
        dbFile = state.file();
        db = state.database();
        ledger = new Ledger(db, clock);
    }

    private void record(Path path, String key, FileIdentity identity) {
        db.runInTransaction(c -> ledger.record(c, path, "bucket", key, identity, CRC));
    }

    @Test
    void aFileIsUploadedOnlyInTheSameVersionToTheSameObject() {
        Path a = Path.of("/data/a.bin");
        record(a, "k/a.bin", V1);

        assertThat(ledger.isUploaded(a, V1, "bucket", "k/a.bin")).isTrue();
        assertThat(ledger.isUploaded(Path.of("/data/./x/../a.bin"), V1, "bucket", "k/a.bin")).isTrue();
        assertThat(ledger.isUploaded(a, new FileIdentity(1_001, V1.mtimeNanos(), V1.fileKey()), "bucket", "k/a.bin"))
                .as("size").isFalse();
        assertThat(ledger.isUploaded(a, new FileIdentity(1_000, V1.mtimeNanos() + 1, V1.fileKey()), "bucket", "k/a.bin"))
                .as("mtime, to the nanosecond").isFalse();
        assertThat(ledger.isUploaded(a, new FileIdentity(1_000, V1.mtimeNanos(), "(dev=803,ino=43)"), "bucket", "k/a.bin"))
                .as("file key: replaced by another file").isFalse();
        assertThat(ledger.isUploaded(a, new FileIdentity(1_000, V1.mtimeNanos(), null), "bucket", "k/a.bin"))
                .as("no file key").isFalse();
        assertThat(ledger.isUploaded(a, V1, "other", "k/a.bin")).as("bucket").isFalse();
        assertThat(ledger.isUploaded(a, V1, "bucket", "k/A.bin")).as("key").isFalse();
        assertThat(ledger.isUploaded(Path.of("/data/b.bin"), V1, "bucket", "k/a.bin")).as("path").isFalse();
    }

    /**
     * A row this JVM cannot make a Path of (recorded under a UTF-8 locale, read under LANG unset;
     * here a NUL, refused in any encoding) is left out of a listing instead of failing the daemon's start.
     */
    @Test
    void aRowWhosePathCannotBeAPathIsLeftOutOfAListing() throws Exception {
        record(Path.of("/data/a.bin"), "k/a.bin", V1);
        record(Path.of("/data/b.bin"), "k/b.bin", V1);
        execute(dbFile, "UPDATE ledger SET local_path = '/data/b' || char(0) || '.bin' "
                + "WHERE local_path = '/data/b.bin'");

        assertThat(ledger.under(Path.of("/data"))).extracting(LedgerEntry::path)
                .containsExactly(Path.of("/data/a.bin"));
        assertThat(queryLong(dbFile, "SELECT count(*) FROM ledger")).as("the row stays").isEqualTo(2);
    }

    @Test
    void theEntryKeepsEverythingRecorded() {
        FileIdentity noKey = new FileIdentity(0, -5, null);
        record(Path.of("/data/empty"), "k/empty", noKey);

        assertThat(ledger.get(Path.of("/data/empty"))).contains(new LedgerEntry(Path.of("/data/empty"), "bucket",
                "k/empty", noKey, CRC, T0));
        assertThat(ledger.isUploaded(Path.of("/data/empty"), noKey, "bucket", "k/empty")).isTrue();
        assertThat(ledger.get(Path.of("/data/other"))).isEmpty();
    }

    @Test
    void aNewUploadOfThePathReplacesItsEntry() throws Exception {
        Path a = Path.of("/data/a.bin");
        record(a, "k/a.bin", V1);
        clock.advance(Duration.ofMinutes(1));
        FileIdentity v2 = new FileIdentity(2_000, V1.mtimeNanos() + 5, V1.fileKey());
        db.runInTransaction(c -> ledger.record(c, a, "bucket2", "k2/a.bin", v2, 7L));

        assertThat(queryLong(dbFile, "SELECT count(*) FROM ledger")).isEqualTo(1);
        assertThat(ledger.get(a)).contains(new LedgerEntry(a, "bucket2", "k2/a.bin", v2, 7L, T0.plusSeconds(60)));
        assertThat(ledger.isUploaded(a, V1, "bucket", "k/a.bin")).isFalse();
        assertThat(ledger.isUploaded(a, v2, "bucket2", "k2/a.bin")).isTrue();
    }

    @Test
    void aRecordInATransactionThatRollsBackLeavesNothing() {
        Path a = Path.of("/data/a.bin");
        assertThatThrownBy(() -> db.runInTransaction(c -> {
            ledger.record(c, a, "bucket", "k/a.bin", V1, CRC);
            throw new IllegalStateException("Complete failed");
        })).hasMessage("Complete failed");

        assertThat(ledger.get(a)).isEmpty();
        assertThat(ledger.count()).isZero();
    }

    @Test
    void underListsTheFilesBelowTheFolderAndNothingBeside() {
        List<String> stored = List.of("/data/a", "/data/a/x", "/data/a/sub/deep/y", "/data/a/\nnew line",
                "/data/a/ü", "/data/a/🚀", "/data/a0", "/data/a.txt", "/data/a-b/z", "/data/ab", "/data/ab/z",
                "/data/a%/q", "/data/a_/q", "/data/A/x", "/data", "/dat/a/x", "/data/a%b/q", "/data/ax/q");
        stored.forEach(p -> record(Path.of(p), "k" + p, V1));

        assertThat(paths(ledger.under(Path.of("/data/a"))))
                .containsExactly("/data/a/\nnew line", "/data/a/sub/deep/y", "/data/a/x", "/data/a/ü", "/data/a/🚀");
        assertThat(paths(ledger.under(Path.of("/data/a/")))).hasSize(5);
        assertThat(paths(ledger.under(Path.of("/data/b/../a/./")))).hasSize(5);
        assertThat(paths(ledger.under(Path.of("/data/a%")))).as("% is no wildcard").containsExactly("/data/a%/q");
        assertThat(paths(ledger.under(Path.of("/data/a_")))).as("_ is no wildcard").containsExactly("/data/a_/q");
        assertThat(paths(ledger.under(Path.of("/data/a/x")))).as("a file has nothing under it").isEmpty();
        assertThat(paths(ledger.under(Path.of("/data/nothing")))).isEmpty();
        assertThat(paths(ledger.under(Path.of("/data")))).hasSize(stored.size() - 2);
        assertThat(paths(ledger.under(Path.of("/")))).hasSize(stored.size());
    }

    private static List<String> paths(List<LedgerEntry> entries) {
        return entries.stream().map(e -> e.path().toString()).toList();
    }

    @Test
    void removeForgetsTheUpload() {
        Path a = Path.of("/data/a.bin");
        record(a, "k/a.bin", V1);
        record(Path.of("/data/b.bin"), "k/b.bin", V1);

        assertThat(ledger.remove(a)).isTrue();
        assertThat(ledger.remove(a)).isFalse();
        assertThat(ledger.isUploaded(a, V1, "bucket", "k/a.bin")).isFalse();
        assertThatThrownBy(() -> db.runInTransaction(c -> {
            assertThat(ledger.remove(c, Path.of("/data/b.bin"))).isTrue();
            throw new IllegalStateException("delete of the object failed");
        })).hasMessage("delete of the object failed");
        assertThat(ledger.count()).isEqualTo(1);
        boolean removed = db.inTransaction(c -> ledger.remove(c, Path.of("/data/b.bin")));
        assertThat(removed).isTrue();
        assertThat(ledger.count()).isZero();
    }

    @Test
    void lastUploadAtAndCountDescribeTheLedger() {
        assertThat(ledger.lastUploadAt()).isEmpty();
        assertThat(ledger.count()).isZero();

        record(Path.of("/data/a"), "a", V1);
        clock.advance(Duration.ofSeconds(30));
        record(Path.of("/data/b"), "b", V1);
        clock.advance(Duration.ofSeconds(30));
        db.runInTransaction(c -> new Ledger(db, Clock.fixed(T0.minusSeconds(3600), ZoneOffset.UTC)).record(c, Path.of("/data/c"),
                "bucket", "c", V1, CRC));

        assertThat(ledger.lastUploadAt()).contains(T0.plusSeconds(30));
        assertThat(ledger.count()).isEqualTo(3);
    }

    @Test
    void theLedgerSurvivesAReopen() {
        record(Path.of("/data/a.bin"), "k/a.bin", V1);
        db = state.reopen();

        ledger = new Ledger(db, clock);
        assertThat(ledger.isUploaded(Path.of("/data/a.bin"), V1, "bucket", "k/a.bin")).isTrue();
    }

    @Test
    void relativePathsAreStoredAbsolute() {
        record(Path.of("rel/a.bin"), "k", V1);

        assertThat(ledger.get(Path.of("rel/a.bin")).orElseThrow().path())
                .isEqualTo(Path.of("rel/a.bin").toAbsolutePath());
        assertThat(ledger.under(Path.of("rel"))).hasSize(1);
    }
}
