package io.ossync.status;

import io.ossync.state.StateDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Table {@code credentials} of the state database (see {@code Migrations}): one row, which the
 * daemon rewrites whenever its credentials change or fail to refresh, and {@code ossync status}
 * reads (it cannot ask the daemon's memory).
 */
public final class CredentialsRecords {

    /** The schema version that made the table: an older database (read by status) has none. */
    public static final int SCHEMA = 8;

    private final StateDatabase database;

    public CredentialsRecords(StateDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public void write(CredentialsRecord r) {
        database.runInTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, source, expires_ms, problem, "
                    + "problem_since_ms, updated_ms) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    + "source = excluded.source, expires_ms = excluded.expires_ms, problem = excluded.problem, "
                    + "problem_since_ms = excluded.problem_since_ms, updated_ms = excluded.updated_ms")) {
                ps.setString(1, r.source());
                setMillis(ps, 2, r.expiry());
                ps.setString(3, r.problem().orElse(null));
                setMillis(ps, 4, r.problemSince());
                ps.setLong(5, r.updatedAt().toEpochMilli());
                ps.executeUpdate();
            }
        });
    }

    /** The row; empty when no daemon wrote one yet, or the database predates the table. */
    public Optional<CredentialsRecord> read() {
        if (database.schemaVersion() < SCHEMA) {
            return Optional.empty();
        }
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT source, expires_ms, problem, problem_since_ms, "
                    + "updated_ms FROM credentials WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CredentialsRecord(rs.getString(1), millis(rs, 2),
                        Optional.ofNullable(rs.getString(3)), millis(rs, 4), Instant.ofEpochMilli(rs.getLong(5))));
            }
        });
    }

    private static void setMillis(PreparedStatement ps, int i, Optional<Instant> t) throws SQLException {
        if (t.isPresent()) {
            ps.setLong(i, t.get().toEpochMilli());
        } else {
            ps.setNull(i, java.sql.Types.INTEGER);
        }
    }

    private static Optional<Instant> millis(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
