package io.ossync.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.ossync.util.Resources;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ossync's state database: one SQLite file holding the checkpoints of uploads (and, later, the job
 * queue and the ledger), reached through one connection.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A file that is not SQLite, a SQLite database of another application ({@code
 *       application_id}) and a schema newer than this build ({@code user_version}) are refused
 *       with a specific message before anything is written to the file.</li>
 *   <li>The schema is brought up to date by {@link Migrations}, each step in its own transaction
 *       together with its {@code user_version}; the first step also stamps the application id.</li>
 *   <li>When {@link #inTransaction} returns, the transaction is committed; if the work throws, it
 *       is rolled back. Work runs one at a time (a lock guards the one connection), so a caller
 *       never sees another's half-done transaction.</li>
 *   <li>Durability: WAL with {@code synchronous=NORMAL}. A commit is in the WAL file (written, not
 *       fsynced) before {@link #inTransaction} returns, so it survives the death of the JVM
 *       ({@code kill -9}) but possibly not a power loss or kernel crash, which may roll back the
 *       last transactions (never corrupt the file). For uploads that costs at most re-sending the
 *       parts whose rows were lost, and an upload whose checkpoint was lost is an unknown upload
 *       that the start-up sweep aborts. One fsync per part is not worth it.</li>
 * </ul>
 *
 * <p>Assumptions: one process writes the file (hold a {@link StateLock}); other processes may
 * read it through {@link #openReadOnly(Path)}, which never blocks the writer (WAL). The file lives
 * on a local file system (WAL needs shared memory).
 */
public final class StateDatabase implements AutoCloseable {

    /** Made on first use: {@code status} opens the database and logs nothing, and a logger would start Logback. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(StateDatabase.class);
    }
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Statements kept prepared per connection: the daemon's queries number a few dozen; the bound
     * only matters for SQL built with values in it (none is built so in the daemon's hot paths).
     */
    static final int CACHED_STATEMENTS = 64;

    private final Path file;
    /** Guarded by {@link #lock}; replaced after a write failed for lack of space or an I/O error. */
    private Connection connection;
    /** Guarded by {@link #lock}; the prepared statements of {@link #connection}. */
    private StatementCache statements;
    private boolean connectionSuspect;
    private final boolean readOnly;
    private final int schemaVersion;
    private final OpenedFile opened;
    private final ReentrantLock lock = new ReentrantLock();
    /** Why writes are refused from now on ({@link #refuseWrites}), or null. */
    private volatile String refusal;

    private StateDatabase(Path file, Connection connection, boolean readOnly, int schemaVersion) {
        this.file = file;
        this.connection = connection;
        this.statements = new StatementCache(connection, CACHED_STATEMENTS);
        this.readOnly = readOnly;
        this.schemaVersion = schemaVersion;
        this.opened = OpenedFile.of("state database", file);
    }

    /** Opens (creating it and its folders if needed) and migrates the state database at {@code file}. */
    public static StateDatabase open(Path file) {
        return open(file, Migrations.ALL);
    }

    /** As {@link #open(Path)} with another schema history (for tests of the migration machinery). */
    public static StateDatabase open(Path file, List<Migration> migrations) {
        List<Migration> steps = Migrations.checkOrder(migrations);
        Path path = file.toAbsolutePath().normalize();
        createParentFolders(path);
        if (StateFileCheck.existingSqliteFile(path)) {
            // Judge the file on a read-only connection: a read-write one could roll back a hot
            // journal or checkpoint a WAL into a file that turns out not to be ours.
            try (Connection probe = connect(path, true)) {
                StateFileCheck.checkOwnership(path, StateFileCheck.identify(path, probe), steps.size());
            } catch (SQLException e) {
                throw failure(path, "cannot be opened", e);
            }
        }
        return connectAndSetUp(path, false, connection -> {
            StateFileCheck.Identity id = StateFileCheck.identify(path, connection);
            StateFileCheck.checkOwnership(path, id, steps.size());
            enableWal(path, connection);
            migrate(path, connection, steps, id);
            Log.LOG.info("state database opened path={} schema={} migrated_from={}", path, steps.size(),
                    id.userVersion());
            return steps.size();
        });
    }

    /**
     * Opens an existing state database for reading only (e.g. {@code ossync status} while the
     * daemon runs). It must have exactly the schema of this build.
     */
    public static StateDatabase openReadOnly(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (!StateFileCheck.existingSqliteFile(path)) {
            throw new StateDatabaseException("state database " + path + " does not exist yet: "
                    + "the daemon creates it on its first start");
        }
        return connectAndSetUp(path, true, connection -> {
            StateFileCheck.checkReadable(path, StateFileCheck.identify(path, connection), Migrations.ALL.size());
            return Migrations.ALL.size();
        });
    }

    /** Connects, runs {@code setUp} (which returns the schema version), and closes again if it fails. */
    private static StateDatabase connectAndSetUp(Path path, boolean readOnly, SqlWork<Integer> setUp) {
        Connection connection = null;
        try {
            connection = connect(path, readOnly);
            int schemaVersion = setUp.apply(connection);
            return new StateDatabase(path, connection, readOnly, schemaVersion);
        } catch (SQLException e) {
            Resources.closeAfterFailure(connection, e);
            throw failure(path, "cannot be opened", e);
        } catch (RuntimeException e) {
            Resources.closeAfterFailure(connection, e);
            throw e;
        }
    }

    private static void createParentFolders(Path path) {
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new StateDatabaseException("state database " + path + ": cannot create its folder: " + e, e);
        }
    }

    private static Connection connect(Path path, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        config.enforceForeignKeys(true);
        if (!readOnly) {
            // The one writer takes the write lock when a transaction starts, not at its first write.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        return DriverManager.getConnection("jdbc:sqlite:" + path, config.toProperties());
    }

    private static void enableWal(Path path, Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = rs.next() ? rs.getString(1) : "";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StateDatabaseException("state database " + path + ": cannot use WAL (journal "
                            + "mode stays '" + mode + "'); put the state on a local file system");
                }
            }
            st.execute("PRAGMA synchronous = NORMAL");
        }
    }

    private static void migrate(Path path, Connection connection, List<Migration> steps,
                                StateFileCheck.Identity id) throws SQLException {
        for (Migration step : steps.subList(id.userVersion(), steps.size())) {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                step.apply(connection);
                st.execute("PRAGMA application_id = " + StateFileCheck.APPLICATION_ID);
                st.execute("PRAGMA user_version = " + step.version());
                connection.commit();
                Log.LOG.info("state database migrated path={} version={} step=\"{}\"", path, step.version(),
                        step.description());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw new StateDatabaseException("state database " + path + ": migration " + step.version()
                        + " (" + step.description() + ") failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Runs {@code work} in one write transaction and commits it before returning; rolls back if
     * it throws. Not reentrant: {@code work} must not call back into this database, it gets the
     * connection to pass on (e.g. {@code CheckpointStore.delete(connection, id)}).
     *
     * @throws StateDatabaseException wrapping an {@link SQLException}, or when opened read-only
     */
    public <T> T inTransaction(SqlWork<T> work) {
        if (readOnly) {
            throw new StateDatabaseException("state database " + file + " is open read-only");
        }
        String refused = refusal;
        if (refused != null) {
            throw new StateDatabaseException("state database " + file + " takes no more writes: " + refused);
        }
        return transaction(work);
    }

    /** {@link #inTransaction(SqlWork)} for work without a result. */
    public void runInTransaction(SqlAction action) {
        inTransaction(connection -> {
            action.run(connection);
            return null;
        });
    }

    /** Runs {@code work} in one read transaction: every query in it sees the same snapshot. */
    public <T> T read(SqlWork<T> work) {
        return transaction(work);
    }

    private <T> T transaction(SqlWork<T> work) {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested transaction on state database " + file
                    + ": pass the connection on instead");
        }
        lock.lock();
        try {
            if (connectionSuspect) {
                reconnect();
            }
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.apply(statements.view());
                connection.commit();
            } catch (SQLException | RuntimeException | Error e) {
                connectionSuspect = e instanceof SQLiteException se && diskOrIoError(se);
                rollback(e);
                // After SQLITE_FULL (or IOERR) SQLite may have rolled back by itself: restoring
                // auto-commit then fails with "no transaction is active", which must not hide e.
                restoreAutoCommit(e);
                throw e;
            }
            connection.setAutoCommit(true);
            return result;
        } catch (SQLException e) {
            throw failure(file, "transaction failed", e);
        } finally {
            lock.unlock();
        }
    }

    private void rollback(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * After SQLITE_FULL or SQLITE_IOERR SQLite may keep the connection in its error state even
     * once space is back (seen on a full tmpfs under the daemon), so every later transaction would
     * fail: the next transaction gets a fresh connection instead. Until one can be made, each
     * transaction fails with the reason.
     */
    private void reconnect() throws SQLException {
        try {
            statements.closeAll();
        } catch (SQLException e) {
            Log.LOG.debug("closing the failed connection's statements path={} error=\"{}\"", file, e.getMessage());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            Log.LOG.debug("closing the failed connection path={} error=\"{}\"", file, e.getMessage());
        }
        connection = connect(file, readOnly);
        statements = new StatementCache(connection, CACHED_STATEMENTS);
        if (!readOnly) {
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA synchronous = NORMAL");
            }
        }
        connectionSuspect = false;
        Log.LOG.debug("state database connection reopened after a write failure path={}", file);
    }

    private static boolean diskOrIoError(SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_FULL.code || primary == SQLiteErrorCode.SQLITE_IOERR.code;
    }

    private void restoreAutoCommit(Throwable cause) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static StateDatabaseException failure(Path path, String what, SQLException e) {
        return new StateDatabaseException("state database " + path + " " + what + ": " + e.getMessage(), e);
    }

    /**
     * Refuses every later write transaction with {@code reason}: the file was deleted or replaced,
     * so what would be written goes nowhere (or, through a reconnect, into a file that is not
     * this database). A transaction already running finishes.
     */
    public void refuseWrites(String reason) {
        refusal = Objects.requireNonNull(reason, "reason");
    }

    /** The database file as it was when opened, for {@link StateFileWatch}. */
    public OpenedFile opened() {
        return opened;
    }

    /** The absolute path of the database file. */
    public Path file() {
        return file;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The schema version ({@code user_version}) the file has now. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Closes the connection and its cached statements, after any transaction in progress. */
    @Override
    public void close() {
        lock.lock();
        try (Connection closing = connection) {
            statements.closeAll();
        } catch (SQLException e) {
            throw failure(file, "cannot be closed", e);
        } finally {
            lock.unlock();
        }
    }
}
