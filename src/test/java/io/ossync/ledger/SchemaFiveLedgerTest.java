package io.ossync.ledger;

import io.ossync.files.FileIdentity;
import io.ossync.state.Migrations;
import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static io.ossync.state.SqliteFiles.queryLong;
import static io.ossync.state.SqliteFiles.queryString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real state database of schema 5 with ledger rows, opened by this build: migration 6 indexes
 * the rows already there, so a file renamed before the upgrade is found by its identity after it.
 */
class SchemaFiveLedgerTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final FileIdentity V1 = new FileIdentity(4_096, 1_765_101_600_000_000_001L, "(dev=803,ino=9)");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(T0);

    @Test
    void migrationSixIndexesTheLedgerRowsAlreadyThere() throws Exception {
        Path file = dir.resolve("state.db");
        try (StateDatabase v5 = StateDatabase.open(file, Migrations.ALL.subList(0, 5))) {
            Ledger old = new Ledger(v5, clock);
            v5.runInTransaction(c -> old.record(c, Path.of("/logs/app.log"), "bucket", "logs/app.log", V1, 11L));
        }
        assertThat(queryLong(file, "SELECT count(*) FROM sqlite_master WHERE name = 'ledger_file_key'")).isZero();

        try (StateDatabase db = StateDatabase.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
            assertThat(new Ledger(db, clock).findByFileKey(V1.fileKey(), "bucket", 10))
                    .extracting(LedgerEntry::path).containsExactly(Path.of("/logs/app.log"));
        }
        assertThat(queryString(file, "SELECT sql FROM sqlite_master WHERE name = 'ledger_file_key'"))
                .isEqualTo("CREATE INDEX ledger_file_key ON ledger (file_key)");
        assertThat(queryLong(file, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger' "
                + "AND name NOT LIKE 'sqlite_autoindex%'")).as("ledger_uploaded_at, ledger_size, ledger_file_key")
                .isEqualTo(3);
    }
}
