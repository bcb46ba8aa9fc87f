package io.ossync.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads a state database read-only, also while a daemon (in this JVM or a child) writes it: the
 * rows a test asserts on (checkpoint parts, uploads, ledger, jobs). A table not created yet counts
 * as empty.
 */
public final class StateRows {

    private final Path db;

    public StateRows(Path db) {
        this.db = db;
    }

    /** Checkpoint part rows of every upload in progress. */
    public long parts() throws SQLException {
        return count("parts", "1 = 1");
    }

    /** Checkpoint rows (uploads in progress). */
    public long uploads() throws SQLException {
        return count("uploads", "1 = 1");
    }

    /** Part rows of uploads that copy from an object ({@code source_key} set), of this part size or not. */
    public long partsOfCopyingUploads() throws SQLException {
        return count("parts", "checkpoint_id IN (SELECT id FROM uploads WHERE source_key IS NOT NULL)");
    }

    /** The ledger's row of a path: its object key, or null when it has none. */
    public String ledgerKey(Path file) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT object_key FROM ledger WHERE local_path = ?")) {
                st.setString(1, file.toString());
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }, null);
    }

    /** The paths the ledger holds, as stored. */
    public java.util.Set<Path> ledgerPaths() throws SQLException {
        return withConnection(c -> {
            java.util.Set<Path> paths = new java.util.HashSet<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT local_path FROM ledger")) {
                while (rs.next()) {
                    paths.add(Path.of(rs.getString(1)));
                }
            }
            return paths;
        }, java.util.Set.of());
    }

    /** Jobs set aside (the files the daemon gave up on until they change). */
    public long setAside() throws SQLException {
        return count("jobs", "state = 'SET_ASIDE'");
    }

    /** Rows of {@code table} matching {@code where} (SQL written by the test). */
    public long count(String table, String where) throws SQLException {
        Long n = withConnection(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table + " WHERE " + where)) {
                return rs.getLong(1);
            }
        }, 0L);
        return n;
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(Query<T> query, T none) throws SQLException {
        if (!Files.exists(db)) {
            return none;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro")) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 2000");
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                         + "('parts', 'uploads', 'ledger', 'jobs')")) {
                if (rs.getLong(1) < 4) {
                    return none;
                }
            }
            return query.run(c);
        }
    }
}
