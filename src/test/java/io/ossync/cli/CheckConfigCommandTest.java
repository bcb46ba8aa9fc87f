package io.ossync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckConfigCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine(System.getenv());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("ossync.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aValidConfigPrintsASummaryAndExitsZero() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Path file = config("""
                target: { endpoint: https://oss-cn-hangzhou.aliyuncs.com, region: cn-hangzhou, bucket: my-bucket }
                state: state.db
                watches: [ { path: a, prefix: a/ }, { path: b, prefix: b/ } ]
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo("config OK: 2 watches, target oss://my-bucket (https://oss-cn-hangzhou.aliyuncs.com)"
                + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void everyErrorIsPrintedOnItsOwnLineAndTheExitCodeIs78() throws IOException {
        Path file = config("""
                target: { endpoint: embedded, bucket: demo-bucket }
                state: state.db
                watches:
                  - path: missing
                    quite-period: 2s
                """);
        assertThat(run("check-config", "-c", file.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).containsExactly(
                "ossync: config " + file + ": watches[0].quite-period: unknown key (did you mean quiet-period?)",
                "ossync: config " + file + ": watches[0].path: folder " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void warningsArePrintedButDoNotFail() throws IOException {
        Files.createDirectories(dir.resolve("in"));
        Path file = config("""
                target: { endpoint: "http://oss.example.com", region: r1, bucket: abc }
                state: state.db
                watches: [ { path: in } ]
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("config OK: 1 watch, target oss://abc (http://oss.example.com)");
        assertThat(err.toString().lines()).containsExactly("ossync: config " + file
                + ": warning: target.endpoint: plain http: file contents travel unencrypted (use https://)");
    }

    @Test
    void twoWatchesWithOnePrefixAreAnErrorNamingBothAndTheirFolders() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path file = config("""
                target: { endpoint: embedded, bucket: demo-bucket }
                state: state.db
                watches: [ { path: a, prefix: same/ }, { path: b, prefix: same/ } ]
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString().lines()).containsExactly("ossync: config " + file + ": watches[1].prefix: \"same/\" (folder "
                + b + ") and watches[0].prefix \"same/\" (folder " + a + ") can give two files one key, one object "
                + "overwriting the other: give each watch its own prefix, neither starting with the other's");
    }

    @Test
    void aZeroQuietPeriodIsAWarning() throws IOException {
        Files.createDirectories(dir.resolve("in"));
        Path file = config("""
                target: { endpoint: embedded, bucket: demo-bucket }
                state: state.db
                watches: [ { path: in, quiet-period: 0s } ]
                """);
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(ExitCodes.OK);
        assertThat(err.toString().lines()).containsExactly("ossync: config " + file + ": warning: watches[0].quiet-period: "
                + "0s: a file is uploaded as soon as it is seen, so a file still being written may be uploaded "
                + "half-written; keep it longer than the writers' pauses");
    }

    @Test
    void aMissingFileIsAConfigError() {
        Path file = dir.resolve("nope.yaml");
        assertThat(run("check-config", "--config", file.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString().lines()).containsExactly("ossync: config " + file + ": file not found");
    }
}
