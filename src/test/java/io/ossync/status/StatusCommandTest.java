package io.ossync.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ossync.cli.ExitCodes;
import io.ossync.cli.Main;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.state.Migrations;
import io.ossync.state.SqliteFiles;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateDatabaseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ossync status} as a user runs it: exit codes, the lines printed, the database left alone. */
class StatusCommandTest {

    /** The jobs line with one job enqueued on the real clock a moment ago (how long depends on the machine). */
    static final String ONE_PENDING_JOB = "jobs    1 pending, 0 running, 0 set aside; oldest pending waiting \\d+s";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return run(dir, out, err, args);
    }

    /** {@code ossync ARGS...} as a user runs it, with {@code STATE_DIR} under {@code dir}. */
    static int run(Path dir, StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.newCommandLine(Map.of("STATE_DIR", dir.resolve("from-env").toString()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** A state database as the daemon leaves it after a clean stop, with one pending job. */
    private Path databaseWithOneJob(Path file) {
        try (StateDatabase db = StateDatabase.open(file)) {
            new JobQueue(db, Clock.systemUTC()).enqueue(dir.resolve("in/a.bin"), dir.resolve("in"), JobKind.UPLOAD);
        }
        return file;
    }

    private Path config(String stateLine) throws IOException {
        Path file = dir.resolve("ossync.yaml");
        Files.writeString(file, """
                target: { endpoint: https://oss-cn-hangzhou.aliyuncs.com, region: cn-hangzhou, bucket: my-bucket }
                %s
                watches: [ { path: not-created-yet } ]
                """.formatted(stateLine));
        return file;
    }

    @Test
    void theConfigurationNamesTheDatabaseAndItsMissingFoldersAreNoProblem() throws IOException {
        databaseWithOneJob(dir.resolve("from-env/state.db"));
        Path config = config("state: ${STATE_DIR}/state.db");

        assertThat(run("status", "--config", config.toString())).isEqualTo(ExitCodes.OK);

        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().lines()).contains("uploads in flight: none")
                .anySatisfy(line -> assertThat(line).matches(ONE_PENDING_JOB));
        assertThat(out.toString()).startsWith("state   " + dir.resolve("from-env/state.db") + " (schema " + Migrations.ALL.size() + ") at ");
    }

    @Test
    void jsonParsesAndHasTheDocumentedTopLevelKeys() throws IOException {
        Path db = databaseWithOneJob(dir.resolve("state.db"));

        assertThat(run("status", "--state", db.toString(), "--json")).isEqualTo(ExitCodes.OK);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("schema_version").asInt()).isEqualTo(1);
        assertThat(json.get("state_database").get("path").asText()).isEqualTo(db.toString());
        assertThat(json.get("jobs").get("pending").asLong()).isEqualTo(1);
        assertThat(json.get("ledger").get("files").asLong()).isZero();
        assertThat(List.of("generated_at", "uploads_in_flight", "recent_failures", "set_aside"))
                .allSatisfy(key -> assertThat(json.has(key)).as(key).isTrue());
    }

    @Test
    void aMissingDatabaseIsOneClearLineAndExitOne() {
        Path missing = dir.resolve("nowhere/state.db");

        assertThat(run("status", "--state", missing.toString())).isEqualTo(ExitCodes.FAILURE);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .containsExactly("ossync: no state database at " + missing + " (has the daemon run yet?)");
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedWithTheDatabasesMessageAndLeftAsItWas() throws IOException {
        Path garbage = dir.resolve("state.db");
        Files.writeString(garbage, "this is not a database, but it is long enough to have a header of 100 bytes "
                + "if SQLite looked at it, which it must not.");
        byte[] before = Files.readAllBytes(garbage);

        assertThat(run("status", "--state", garbage.toString())).isEqualTo(ExitCodes.FAILURE);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("ossync: state database " + garbage + " is not a SQLite database");
        assertThat(Files.readAllBytes(garbage)).isEqualTo(before);
        assertThat(filesIn(dir)).containsExactly("state.db");
    }

    @Test
    void anotherApplicationsSqliteDatabaseIsRefused() throws Exception {
        Path foreign = dir.resolve("other.db");
        SqliteFiles.execute(foreign, "CREATE TABLE accounts (id INTEGER)");

        assertThat(run("status", "--state", foreign.toString())).isEqualTo(ExitCodes.FAILURE);

        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("ossync: state database " + foreign + " is a SQLite database of another application");
    }

    @Test
    void anOlderSchemaIsNotMigratedByStatus() throws Exception {
        Path db = dir.resolve("state.db");
        StateDatabase.open(db, Migrations.ALL.subList(0, 1)).close();

        assertThat(run("status", "--state", db.toString())).isEqualTo(ExitCodes.FAILURE);

        assertThat(err.toString()).contains("has schema version 1, older than this ossync (" + Migrations.ALL.size() + ")");
        assertThat(SqliteFiles.queryLong(db, "PRAGMA user_version")).isEqualTo(1);
    }

    @Test
    void statusWritesNothingIntoTheDatabaseAndTheDaemonOpensItAfterwards() throws Exception {
        Path db = databaseWithOneJob(dir.resolve("state/state.db"));
        String digestBefore = sha256(db);

        assertThat(run("status", "--state", db.toString())).isEqualTo(ExitCodes.OK);
        assertThat(run("status", "--state", db.toString(), "--json")).isEqualTo(ExitCodes.OK);

        assertThat(sha256(db)).isEqualTo(digestBefore);
        // SQLite's read-only WAL reader makes the -wal and -shm companions when the daemon is not
        // running, and cannot remove them: the -wal stays empty, no lock file appears
        assertThat(filesIn(db.getParent())).containsExactly("state.db", "state.db-shm", "state.db-wal");
        assertThat(Files.size(dir.resolve("state/state.db-wal"))).isZero();
        try (StateDatabase daemon = StateDatabase.open(db)) {
            assertThat(new JobQueue(daemon, Clock.systemUTC()).depth()).isEqualTo(1);
        }
    }

    @Test
    void aFolderTheUserMayNotWriteWhileTheDaemonIsStoppedIsExplained() {
        // as seen running status as nobody on root's stopped database (root, running these tests, may write anywhere)
        Path db = dir.resolve("state.db");
        StateDatabaseException fromSqlite = new StateDatabaseException("state database " + db + " cannot be read as "
                + "SQLite: attempt to write a readonly database; ossync leaves it untouched: move it away",
                new SQLiteException("attempt to write a readonly database", SQLiteErrorCode.SQLITE_READONLY_DIRECTORY));

        assertThat(StatusDatabase.explained(db, fromSqlite)).hasMessage("state database " + db + " cannot be read by "
                + "this user while the daemon is stopped: SQLite must create its -wal and -shm files in " + dir
                + ", which this user may not write; run ossync status as the daemon's user or as root");
        StateDatabaseException other = new StateDatabaseException("state database x is busy",
                new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY));
        assertThat(StatusDatabase.explained(db, other)).isSameAs(other);
    }

    @Test
    void configAndStateTogetherAreAUsageError() {
        assertThat(run("status", "--config", "a.yaml", "--state", "b.db")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void anInvalidConfigurationIsReportedAsCheckConfigDoes() throws IOException {
        Path config = config("state: state.db\nstat: typo.db");

        assertThat(run("status", "-c", config.toString())).isEqualTo(ExitCodes.CONFIG);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).allSatisfy(line -> assertThat(line).startsWith("ossync: config " + config + ": "))
                .anySatisfy(line -> assertThat(line).contains("stat: unknown key"));
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
