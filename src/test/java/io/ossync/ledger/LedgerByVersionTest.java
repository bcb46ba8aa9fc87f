package io.ossync.ledger;

import io.ossync.files.FileIdentity;
import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lookups of the ledger by file version (renames) and by size (copies), on a real SQLite file. */
class LedgerByVersionTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final FileIdentity V1 = new FileIdentity(1_000, 1_765_101_600_123_456_789L, "(dev=803,ino=42)");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    MutableClock clock = new MutableClock(T0);
    StateDatabase db;
    Ledger ledger;

    @BeforeEach
    void open() {
        db = state.database();
        ledger = new Ledger(db, clock);
    }

    private void record(String path, String bucket, FileIdentity identity) {
        db.runInTransaction(c -> ledger.record(c, Path.of(path), bucket, "k" + path, identity, 7L));
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void theEntriesOfAFileAreFoundByItsFileKeyUnderAnyPathNewestFirst() {
        record("/logs/app.log", "bucket", V1);
        FileIdentity grown = new FileIdentity(2_000, V1.mtimeNanos() + 1, V1.fileKey());
        record("/logs/app.log.1", "bucket", grown);
        record("/logs/other-bucket.log", "other", V1);
        record("/logs/other-file.log", "bucket", new FileIdentity(1_000, V1.mtimeNanos(), "(dev=803,ino=43)"));

        assertThat(ledger.findByFileKey(V1.fileKey(), "bucket", 10)).extracting(e -> e.path().toString())
                .containsExactly("/logs/app.log.1", "/logs/app.log");
        assertThat(ledger.findByFileKey(V1.fileKey(), "bucket", 1)).extracting(e -> e.identity())
                .containsExactly(grown);
        assertThat(ledger.findByFileKey(V1.fileKey(), "other", 10)).extracting(e -> e.path().toString())
                .containsExactly("/logs/other-bucket.log");
        assertThat(ledger.findByFileKey(V1.fileKey(), "none", 10)).isEmpty();
    }

    @Test
    void bySizeListsTheNewestFirstUpToTheLimit() {
        record("/logs/a", "bucket", V1);
        record("/logs/b", "bucket", new FileIdentity(1_000, 5, "(dev=803,ino=50)"));
        record("/logs/c", "bucket", new FileIdentity(1_000, 6, null));
        record("/logs/d", "bucket", new FileIdentity(999, 7, "(dev=803,ino=51)"));
        record("/logs/e", "other", V1);

        assertThat(ledger.findBySize(1_000, "bucket", 10)).extracting(e -> e.path().toString())
                .containsExactly("/logs/c", "/logs/b", "/logs/a");
        assertThat(ledger.findBySize(1_000, "bucket", 2)).extracting(e -> e.path().toString())
                .containsExactly("/logs/c", "/logs/b");
        assertThat(ledger.findBySize(12, "bucket", 10)).isEmpty();
    }

    /** Both lookups are answered by migration 6's indexes, not by a scan of the ledger. */
    @Test
    void bothLookupsSearchAnIndex() throws Exception {
        for (int i = 0; i < 200; i++) {
            record("/logs/f" + i, "bucket", new FileIdentity(i % 50, i, "(dev=803,ino=" + i + ")"));
        }

        assertThat(plan(LedgerTable.BY_FILE_KEY)).anyMatch(line -> line.startsWith(
                "SEARCH ledger USING INDEX ledger_file_key (file_key=?)"));
        assertThat(plan(LedgerTable.BY_SIZE)).anyMatch(line -> line.startsWith(
                "SEARCH ledger USING INDEX ledger_size (file_size=?)"));
    }

    private List<String> plan(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.file());
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setString(i, "1");
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString("detail"));
                }
            }
            return lines;
        }
    }
}
