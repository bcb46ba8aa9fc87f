package io.ossync.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a file may be used as ossync's state database, before anything is written to it:
 * a file that is not SQLite, a SQLite database of another application and a schema newer than this
 * build are refused, each with its own message.
 */
final class StateFileCheck {

    /** Marks the file as ossync's ({@code PRAGMA application_id}): "ossy" in ASCII. */
    static final int APPLICATION_ID = 0x6F737379;

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final String LEAVE_IT = "; ossync leaves it untouched: move it away or choose another state path";

    /** What a SQLite file says about itself. */
    record Identity(int applicationId, int userVersion, List<String> tables) {
        boolean blank() {
            return applicationId == 0 && userVersion == 0 && tables.isEmpty();
        }
    }

    private StateFileCheck() {
    }

    /**
     * Reads the first bytes of {@code file} without SQLite (which would write to some files it
     * opens) and refuses anything that is not a SQLite database.
     *
     * @return false when there is no file yet or it is empty (a new database), true otherwise
     */
    static boolean existingSqliteFile(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        if (!Files.isRegularFile(file)) {
            throw new StateDatabaseException("state database " + file + " is not a regular file" + LEAVE_IT);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(100);
            if (head.length == 0) {
                return false;
            }
            if (head.length < 100 || !Arrays.equals(head, 0, SQLITE_HEADER.length, SQLITE_HEADER, 0,
                    SQLITE_HEADER.length)) {
                throw new StateDatabaseException("state database " + file
                        + " is not a SQLite database (it lacks the SQLite header)" + LEAVE_IT);
            }
            return true;
        } catch (IOException e) {
            throw new StateDatabaseException("state database " + file + " cannot be read: " + e, e);
        }
    }

    static Identity identify(Path file, Connection connection) {
        try (Statement st = connection.createStatement()) {
            int applicationId = intPragma(st, "application_id");
            int userVersion = intPragma(st, "user_version");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master "
                    + "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            return new Identity(applicationId, userVersion, List.copyOf(tables));
        } catch (SQLException e) {
            throw new StateDatabaseException("state database " + file + " cannot be read as SQLite: "
                    + e.getMessage() + LEAVE_IT, e);
        }
    }

    private static int intPragma(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Refuses a database of another application or of a newer schema. A blank database (no id, no
     * version, no tables) passes: it is new, or made by an earlier ossync that crashed before its
     * first migration committed.
     */
    static void checkOwnership(Path file, Identity id, int latestVersion) {
        if (id.applicationId() != APPLICATION_ID && id.applicationId() != 0) {
            throw new StateDatabaseException("state database " + file + " belongs to another application "
                    + "(SQLite application_id " + hex(id.applicationId()) + ", ossync's is "
                    + hex(APPLICATION_ID) + ")" + LEAVE_IT);
        }
        if (id.applicationId() == 0 && !id.blank()) {
            throw new StateDatabaseException("state database " + file + " is a SQLite database of another "
                    + "application (no ossync application_id; user_version " + id.userVersion()
                    + "; tables: " + (id.tables().isEmpty() ? "none" : String.join(", ", id.tables())) + ")"
                    + LEAVE_IT);
        }
        if (id.userVersion() > latestVersion) {
            throw new StateDatabaseException("state database " + file + " has schema version "
                    + id.userVersion() + ", newer than this ossync knows (" + latestVersion
                    + "): it was written by a newer ossync; upgrade ossync or choose another state path");
        }
    }

    /** A reader cannot migrate: it needs the schema of this build exactly. */
    static void checkReadable(Path file, Identity id, int latestVersion) {
        checkOwnership(file, id, latestVersion);
        if (id.blank()) {
            throw new StateDatabaseException("state database " + file
                    + " has no ossync schema yet: the daemon creates it on its first start");
        }
        if (id.userVersion() < latestVersion) {
            throw new StateDatabaseException("state database " + file + " has schema version "
                    + id.userVersion() + ", older than this ossync (" + latestVersion
                    + "): start the daemon once to migrate it");
        }
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
