package io.ossync.status;

import io.ossync.state.StateDatabase;
import io.ossync.state.StateDatabaseException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the state database for status: read-only ({@link StateDatabase#openReadOnly}), so never
 * created, migrated or written, and without the daemon's lock. Failures a user meets at a terminal
 * get a message that says what to do.
 *
 * <p>Assumption, from SQLite: a read-only connection to a WAL database needs its {@code -wal} and
 * {@code -shm} companion files. While the daemon runs they exist (and may be read-only for the
 * status user); when it is stopped SQLite creates them, which needs write access to the folder,
 * and leaves them there (empty {@code -wal}), as the daemon itself does while it runs.
 */
public final class StatusDatabase {

    private StatusDatabase() {
    }

    /**
     * @throws StateDatabaseException with a one-line message: no database yet, not ossync's, a
     *                                schema of another version, or not readable by this user
     */
    public static StateDatabase open(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (Files.notExists(path)) {
            throw new StateDatabaseException("no state database at " + path + " (has the daemon run yet?)");
        }
        try {
            return StateDatabase.openReadOnly(path);
        } catch (StateDatabaseException e) {
            throw explained(path, e);
        }
    }

    /** {@code e}, or a clearer message when SQLite may not create its companion files next to the database. */
    static StateDatabaseException explained(Path path, StateDatabaseException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_READONLY_DIRECTORY) {
                return new StateDatabaseException("state database " + path + " cannot be read by this user while "
                        + "the daemon is stopped: SQLite must create its -wal and -shm files in " + path.getParent()
                        + ", which this user may not write; run ossync status as the daemon's user or as root", e);
            }
        }
        return e;
    }
}
