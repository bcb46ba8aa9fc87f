package io.ossync.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.ossync.state.SqliteFiles.execute;
import static io.ossync.state.SqliteFiles.queryLong;
import static io.ossync.state.SqliteFiles.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void createsFoldersAndAMarkedMigratedWalDatabase() throws Exception {
        Path file = dir.resolve("a/b/state.db");
        try (StateDatabase db = StateDatabase.open(file)) {
            assertThat(db.file()).isEqualTo(file);
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
            assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(db, "synchronous")).isEqualTo("1"); // NORMAL
            assertThat(pragma(db, "busy_timeout")).isEqualTo("5000");
        }
        assertThat(queryLong(file, "PRAGMA application_id")).isEqualTo(0x6F737379L);
        assertThat(queryLong(file, "PRAGMA user_version")).isEqualTo(Migrations.ALL.size());
        assertThat(queryString(file, "PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(queryString(file, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master "
                + "WHERE type = 'table' AND name IN ('uploads', 'parts') ORDER BY name)")).isEqualTo("parts,uploads");
    }

    private static String pragma(StateDatabase db, String name) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Test
    void anEmptyFileIsANewDatabase() throws Exception {
        Path file = Files.createFile(dir.resolve("state.db"));
        StateDatabase.open(file).close();
        assertThat(queryLong(file, "PRAGMA user_version")).isEqualTo(Migrations.ALL.size());
    }

    @Test
    void reopeningDoesNotMigrateAgain() throws Exception {
        Path file = dir.resolve("state.db");
        StateDatabase.open(file).close();
        execute(file, "INSERT INTO uploads VALUES (7, '/a', 'b', 'k', 'u', 1, 1, 1, NULL, 1, 0, 0, NULL, NULL, NULL, NULL)");
        try (StateDatabase db = StateDatabase.open(file)) {
            assertThat(pragma(db, "user_version")).isEqualTo(String.valueOf(Migrations.ALL.size()));
        }
        assertThat(queryLong(file, "SELECT id FROM uploads")).isEqualTo(7);
    }

    @Test
    void garbageIsRefusedAndLeftByteIdentical() throws Exception {
        Path file = dir.resolve("state.db");
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        Files.write(file, garbage);

        assertThatThrownBy(() -> StateDatabase.open(file))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessage("state database " + file + " is not a SQLite database (it lacks the SQLite header); "
                        + "ossync leaves it untouched: move it away or choose another state path");
        assertThatThrownBy(() -> StateDatabase.openReadOnly(file)).hasMessageContaining("is not a SQLite database");

        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
        assertThat(listing()).containsExactly("state.db");
    }

    @Test
    void aShortTextFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("state.db"), "hello\n");
        assertThatThrownBy(() -> StateDatabase.open(file)).hasMessageContaining("is not a SQLite database");
        assertThat(Files.readString(file)).isEqualTo("hello\n");
    }

    @Test
    void aDatabaseOfAnotherApplicationIdIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("state.db");
        execute(file, "PRAGMA application_id = 305419896", "CREATE TABLE uploads (x)");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> StateDatabase.open(file))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessage("state database " + file + " belongs to another application (SQLite application_id "
                        + "0x12345678, ossync's is 0x6f737379); ossync leaves it untouched: move it away or "
                        + "choose another state path");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(listing()).containsExactly("state.db");
    }

    @Test
    void aDatabaseWithForeignTablesAndNoApplicationIdIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("state.db");
        execute(file, "CREATE TABLE contacts (name TEXT)", "CREATE TABLE notes (body TEXT)",
                "INSERT INTO contacts VALUES ('ada')");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> StateDatabase.open(file))
                .hasMessage("state database " + file + " is a SQLite database of another application (no ossync "
                        + "application_id; user_version 0; tables: contacts, notes); ossync leaves it untouched: "
                        + "move it away or choose another state path");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aNewerSchemaIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("state.db");
        StateDatabase.open(file).close();
        execute(file, "PRAGMA user_version = 9");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> StateDatabase.open(file))
                .hasMessage("state database " + file + " has schema version 9, newer than this ossync knows (" + Migrations.ALL.size() + "): "
                        + "it was written by a newer ossync; upgrade ossync or choose another state path");
        assertThatThrownBy(() -> StateDatabase.openReadOnly(file)).hasMessageContaining("schema version 9, newer");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void migrationsRunInOrderEachAtomically() throws Exception {
        Path file = dir.resolve("state.db");
        Migration one = new Migration(1, "one", List.of("CREATE TABLE a (x INTEGER)"));
        Migration badTwo = new Migration(2, "two", List.of("CREATE TABLE b (x INTEGER)", "INSERT INTO nowhere VALUES (1)"));
        Migration goodTwo = new Migration(2, "two", List.of("CREATE TABLE b (x INTEGER)"));
        StateDatabase.open(file, List.of(one)).close();

        assertThatThrownBy(() -> StateDatabase.open(file, List.of(one, badTwo)))
                .isInstanceOf(StateDatabaseException.class)
                .hasMessageStartingWith("state database " + file + ": migration 2 (two) failed: ")
                .hasMessageContaining("no such table: nowhere");
        assertThat(queryLong(file, "PRAGMA user_version")).isEqualTo(1);
        assertThat(queryLong(file, "SELECT count(*) FROM sqlite_master WHERE name = 'b'")).isZero();

        try (StateDatabase db = StateDatabase.open(file, List.of(one, goodTwo))) {
            assertThat(db.schemaVersion()).isEqualTo(2);
        }
        assertThat(queryLong(file, "SELECT count(*) FROM sqlite_master WHERE name = 'b'")).isEqualTo(1);
        assertThatThrownBy(() -> StateDatabase.open(file, List.of(goodTwo))).hasMessageContaining("numbered 2");
    }

    @Test
    void aTransactionCommitsOnReturnAndRollsBackOnThrow() throws Exception {
        Path file = dir.resolve("state.db");
        try (StateDatabase db = StateDatabase.open(file)) {
            db.runInTransaction(c -> c.createStatement().execute("CREATE TABLE t (n INTEGER)"));
            IllegalStateException boom = new IllegalStateException("boom");
            assertThatThrownBy(() -> db.runInTransaction(c -> {
                c.createStatement().execute("INSERT INTO t VALUES (1)");
                throw boom;
            })).isSameAs(boom);
            assertThatThrownBy(() -> db.runInTransaction(c -> c.createStatement().execute("INSERT INTO nope VALUES (1)")))
                    .isInstanceOf(StateDatabaseException.class)
                    .hasMessageStartingWith("state database " + file + " transaction failed: ")
                    .hasMessageContaining("no such table: nope");
            int n = db.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (2)"));
            assertThat(n).isEqualTo(1);
        }
        assertThat(queryString(file, "SELECT group_concat(n) FROM t")).isEqualTo("2");
    }

    @Test
    void nestedTransactionsAreRefused() {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            assertThatThrownBy(() -> db.runInTransaction(c -> db.read(c2 -> 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nested transaction");
        }
    }

    @Test
    void aReaderIsNotBlockedByAnOpenWriteTransactionAndSeesCommittedRows() throws Exception {
        Path file = dir.resolve("state.db");
        try (StateDatabase writer = StateDatabase.open(file)) {
            writer.runInTransaction(c -> c.createStatement().execute("CREATE TABLE t (n INTEGER)"));
            writer.runInTransaction(c -> c.createStatement().execute("INSERT INTO t VALUES (1)"));
            try (StateDatabase reader = StateDatabase.openReadOnly(file)) {
                assertThat(reader.readOnly()).isTrue();
                writer.runInTransaction(c -> {
                    c.createStatement().execute("INSERT INTO t VALUES (2)");
                    long seen = reader.read(r -> {
                        try (ResultSet rs = r.createStatement().executeQuery("SELECT count(*) FROM t")) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    });
                    assertThat(seen).isEqualTo(1);
                });
                assertThatThrownBy(() -> reader.runInTransaction(c -> c.createStatement().execute("DELETE FROM t")))
                        .hasMessage("state database " + file + " is open read-only");
                assertThatThrownBy(() -> reader.read(c -> c.createStatement().execute("DELETE FROM t")))
                        .hasMessageContaining("readonly");
            }
        }
    }

    @Test
    void readOnlyNeedsAnExistingOssyncDatabase() throws Exception {
        Path missing = dir.resolve("missing.db");
        assertThatThrownBy(() -> StateDatabase.openReadOnly(missing))
                .hasMessage("state database " + missing + " does not exist yet: the daemon creates it on its first start");
        assertThat(missing).doesNotExist();

        Path blank = dir.resolve("blank.db");
        execute(blank, "CREATE TABLE x (y)", "DROP TABLE x");
        assertThatThrownBy(() -> StateDatabase.openReadOnly(blank))
                .hasMessage("state database " + blank + " has no ossync schema yet: the daemon creates it on its first start");

        Path older = dir.resolve("older.db");
        StateDatabase.open(older, List.of(Migrations.ALL.get(0))).close();
        execute(older, "PRAGMA user_version = 0", "PRAGMA application_id = 1869836153");
        assertThatThrownBy(() -> StateDatabase.openReadOnly(older)).hasMessageContaining("another application");
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
