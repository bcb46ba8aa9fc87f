package io.ossync.queue;

import io.ossync.util.StoredPaths;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of table {@code failures}: the latest failures, one row per file and reason with a count
 * (see {@code Migrations}).
 * Runs inside the caller's transaction.
 */
final class FailuresTable {

    private FailuresTable() {
    }

    /**
     * Records a failure: a new row for a new (file, reason), else that row counted once more and
     * given the latest attempt, time and outcome. The row takes the next id either way, so ids
     * stay in the order of the latest failure: status reads newest first by id, and the pruning
     * keeps the newest {@code capacity} rows by id (a short walk down the primary key).
     */
    static void record(Connection c, Failure failure, int capacity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO failures (local_path, kind, attempts, reason, "
                + "set_aside, failed_at_ms, count) VALUES (?, ?, ?, ?, ?, ?, 1) "
                + "ON CONFLICT (local_path, reason) DO UPDATE SET id = (SELECT max(id) + 1 FROM failures), "
                + "kind = excluded.kind, attempts = excluded.attempts, set_aside = excluded.set_aside, "
                + "failed_at_ms = excluded.failed_at_ms, count = count + 1")) {
            ps.setString(1, failure.path().toString());
            ps.setString(2, failure.kind().name());
            ps.setInt(3, failure.attempts());
            ps.setString(4, failure.reason());
            ps.setInt(5, failure.setAside() ? 1 : 0);
            ps.setLong(6, failure.failedAt().toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM failures "
                + "WHERE id <= (SELECT id FROM failures ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            ps.setInt(1, capacity);
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} failures, newest first. */
    static List<Failure> newest(Connection c, int limit) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT local_path, kind, attempts, reason, failed_at_ms, "
                + "set_aside, count FROM failures ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    failures.add(new Failure(StoredPaths.forDisplay(rs.getString(1)), JobKind.valueOf(rs.getString(2)),
                            rs.getInt(3),
                            rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) == 1, rs.getInt(7)));
                }
            }
        }
        return failures;
    }
}
