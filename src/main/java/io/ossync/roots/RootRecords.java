package io.ossync.roots;

import io.ossync.state.StateDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Table {@code roots} of the state database (see {@code Migrations}): each root's identity and
 * whether its deletions are held. The daemon writes it at each scan; {@code ossync status} reads
 * it; {@code ossync confirm-deletes} sets the one-shot confirmation, which the daemon consumes.
 */
public final class RootRecords {

    private static final String COLUMNS = "root_path, file_key, held_reason, held_missing, held_known, held_since_ms, "
            + "confirm_deletes";

    /** The schema version that made the table: an older database (read by status) has none. */
    public static final int SCHEMA = 5;

    private final StateDatabase database;

    public RootRecords(StateDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public Optional<RootRecord> get(Path root) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM roots WHERE root_path = ?")) {
                ps.setString(1, root.toString());
                List<RootRecord> rows = rows(ps);
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
            }
        });
    }

    /** The roots whose deletions are held, in path order. */
    public List<RootRecord> held() {
        return database.read(RootRecords::held);
    }

    /** {@link #held()} on a connection of the caller's (the status reader's read-only one). */
    public static List<RootRecord> held(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM roots "
                + "WHERE held_reason IS NOT NULL ORDER BY root_path")) {
            return rows(ps);
        }
    }

    /** Takes {@code fileKey} as the root's identity and lifts any hold (deletions proceed). */
    public void accept(Path root, String fileKey) {
        database.runInTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO roots (root_path, file_key) VALUES (?, ?) "
                    + "ON CONFLICT (root_path) DO UPDATE SET file_key = excluded.file_key, held_reason = NULL, "
                    + "held_missing = NULL, held_known = NULL, held_since_ms = NULL, confirm_deletes = 0")) {
                ps.setString(1, root.toString());
                ps.setString(2, fileKey);
                ps.executeUpdate();
            }
        });
    }

    /**
     * Records the hold, keeping when it began if it was already held. A confirmation is left alone:
     * one given while this scan ran is for the next scan.
     */
    public void hold(Path root, RootRecord.Hold hold) {
        database.runInTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE roots SET held_reason = ?, held_missing = ?, "
                    + "held_known = ?, held_since_ms = coalesce(held_since_ms, ?) WHERE root_path = ?")) {
                ps.setString(1, hold.reason());
                ps.setLong(2, hold.missing());
                ps.setLong(3, hold.known());
                ps.setLong(4, hold.since().toEpochMilli());
                ps.setString(5, root.toString());
                ps.executeUpdate();
            }
        });
    }

    /**
     * The operator's permission to carry out the held deletions of {@code root} (all held roots
     * when null).
     *
     * @return the roots confirmed
     */
    public List<Path> confirm(Path root) {
        return database.inTransaction(c -> {
            List<Path> confirmed = new ArrayList<>();
            for (RootRecord r : held(c)) {
                if (root == null || r.root().equals(root)) {
                    confirmed.add(r.root());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE roots SET confirm_deletes = 1 "
                    + "WHERE held_reason IS NOT NULL AND (? IS NULL OR root_path = ?)")) {
                String path = root == null ? null : root.toString();
                ps.setString(1, path);
                ps.setString(2, path);
                ps.executeUpdate();
            }
            return confirmed;
        });
    }

    private static List<RootRecord> rows(PreparedStatement ps) throws SQLException {
        List<RootRecord> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String reason = rs.getString("held_reason");
                Optional<RootRecord.Hold> hold = reason == null ? Optional.empty()
                        : Optional.of(new RootRecord.Hold(reason, rs.getLong("held_missing"), rs.getLong("held_known"),
                        Instant.ofEpochMilli(rs.getLong("held_since_ms"))));
                rows.add(new RootRecord(Path.of(rs.getString("root_path")), rs.getString("file_key"), hold,
                        rs.getInt("confirm_deletes") == 1));
            }
        }
        return rows;
    }
}
