package io.ossync.testing;

import io.ossync.state.StateDatabase;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary state database for each test: a real SQLite file ({@code state/state.db} in a fresh
 * temporary folder), opened and migrated by {@link StateDatabase#open} before the test, closed and
 * deleted with its folder after it. No mocks of SQL: the tests see what the daemon sees. Register
 * it on an instance field:
 *
 * <pre>
 *   &#64;RegisterExtension
 *   final StateDatabaseExtension state = new StateDatabaseExtension();
 *   ...
 *   JobQueue queue = new JobQueue(state.database(), clock);
 * </pre>
 *
 * {@link #reopen()} closes the file and opens it again, as a restarted daemon would.
 */
public final class StateDatabaseExtension implements BeforeEachCallback, AfterEachCallback {

    private Path folder;
    private StateDatabase database;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("ossync-state-");
        database = StateDatabase.open(file());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            database = null;
            TestFiles.deleteTree(folder);
        }
    }

    /** The open database. */
    public StateDatabase database() {
        if (database == null) {
            throw new IllegalStateException("no state database outside a test");
        }
        return database;
    }

    /** The database file, {@code state/state.db} under {@link #folder()}. */
    public Path file() {
        return folder.resolve("state/state.db");
    }

    /** The temporary folder that holds the database; deleted after the test with all it holds. */
    public Path folder() {
        return folder;
    }

    /** Closes the database, as a process that stops (or dies: nothing more is written), and opens it again. */
    public StateDatabase reopen() {
        database().close();
        database = StateDatabase.open(file());
        return database;
    }
}
