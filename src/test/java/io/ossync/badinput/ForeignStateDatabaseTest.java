package io.ossync.badinput;

import io.ossync.cli.Main;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@code ossync run} on a state file that is not ours: a clear one-line refusal, the file untouched. */
class ForeignStateDatabaseTest {

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @TempDir
    Path tmp;

    private record Run(int exit, String err) {
    }

    private Run run(Path config) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.newCommandLine(TestConfig.EMULATOR_ENV);
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            return new Run(cl.execute("run", "--config", config.toString()), err.toString());
        });
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private void assertRefusedAndUntouched(Path db, String expectedWords) throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path config = TestConfig.of(emulator.endpoint(), tmp.resolve("state/state.db")).watch(inbox, "in/")
                .write(tmp.resolve("ossync.yaml"));
        String before = sha256(db);
        long mtime = Files.getLastModifiedTime(db).toMillis();

        Run r = run(config);

        assertThat(r.exit()).as("exit code").isNotZero();
        assertThat(r.err().strip().lines()).as("one line: %s", r.err()).hasSize(1);
        assertThat(r.err()).startsWith("ossync: ").contains(db.toString()).contains(expectedWords);
        assertThat(sha256(db)).as("file bytes").isEqualTo(before);
        assertThat(Files.getLastModifiedTime(db).toMillis()).isEqualTo(mtime);
        assertThat(tmp.resolve("state/state.db-wal")).doesNotExist();
        assertThat(tmp.resolve("state/state.db-journal")).doesNotExist();
    }

    @Test
    void aGarbageStateFileIsRefusedWithOneLineAndLeftByteIdentical() throws Exception {
        Path db = Files.createDirectories(tmp.resolve("state")).resolve("state.db");
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(db, garbage);
        assertRefusedAndUntouched(db, "not a SQLite database");
    }

    @Test
    void anotherApplicationsSqliteDatabaseIsRefusedWithOneLineAndLeftByteIdentical() throws Exception {
        Path db = Files.createDirectories(tmp.resolve("state")).resolve("state.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)");
            st.execute("INSERT INTO invoices (amount) VALUES (12.5), (99.0)");
        }
        assertRefusedAndUntouched(db, "invoices");
    }
}
