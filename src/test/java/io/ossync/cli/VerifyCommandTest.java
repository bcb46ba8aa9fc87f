package io.ossync.cli;

import io.ossync.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ossync verify}'s exit codes and one-line errors before anything is verified. */
class VerifyCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(TestConfig.EMULATOR_ENV);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void anInvalidConfigurationIs78() throws Exception {
        Path config = Files.writeString(tmp.resolve("bad.yaml"), "target: { endpoint: embedded }\n");
        Run r = run("verify", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("bucket");
    }

    @Test
    void noStateDatabaseYetIsOneLineAndExit1() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path config = TestConfig.of("embedded", tmp.resolve("state/state.db")).onlyWatch(inbox, "in/")
                .write(tmp.resolve("ossync.yaml"));
        Run r = run("verify", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err().strip().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("ossync: no state database at " + tmp.resolve("state/state.db"));
    }

    @Test
    void concurrencyOutOfRangeIsAUsageError() {
        Run r = run("verify", "--config", tmp.resolve("x.yaml").toString(), "--concurrency", "0");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--concurrency must be between 1 and 256, got 0");
    }
}
