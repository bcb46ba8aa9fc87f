package io.ossync.queue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of table {@code failures}: the latest failed attempts, newest last (see {@code Migrations}).
 * Runs inside the caller's transaction.
 */
final class FailuresTable {

    private FailuresTable() {
    }

    /**
     * Appends a failure and drops those older than the newest {@code capacity}. Row ids grow by one
     * per insert (the largest row is never deleted), so the window is a range of ids: no scan.
     */
    static void append(Connection c, Failure failure, int capacity) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO failures (local_path, kind, attempts, "
                + "reason, set_aside, failed_at_ms) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, failure.path().toString());
            ps.setString(2, failure.kind().name());
            ps.setInt(3, failure.attempts());
            ps.setString(4, failure.reason());
            ps.setInt(5, failure.setAside() ? 1 : 0);
            ps.setLong(6, failure.failedAt().toEpochMilli());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM failures WHERE id <= ?")) {
            ps.setLong(1, id - capacity);
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} failures, newest first. */
    static List<Failure> newest(Connection c, int limit) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT local_path, kind, attempts, reason, failed_at_ms, "
                + "set_aside FROM failures ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    failures.add(new Failure(Path.of(rs.getString(1)), JobKind.valueOf(rs.getString(2)), rs.getInt(3),
                            rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) == 1));
                }
            }
        }
        return failures;
    }
}
