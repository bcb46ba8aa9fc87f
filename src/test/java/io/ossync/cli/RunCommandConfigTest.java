package io.ossync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ossync run} refuses a bad configuration before touching anything, naming every problem. */
class RunCommandConfigTest {

    @TempDir
    Path dir;

    @Test
    void everyProblemIsNamedByKeyPathAndTheExitIsNonZero() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                target: { endpoint: http://127.0.0.1:9, region: cn-hangzhou, bucket: test-bucket }
                state: %s
                watches:
                  - path: %s
                    quite-period: 2s
                  - path: %s
                    quiet-period: -2s
                upload: { part-size: 12 parsecs, routines: 4, workers: 2 }
                """.formatted(dir.resolve("state.db"), inbox, dir.resolve("missing")));
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));

        int exit = cl.execute("run", "--config", config.toString());

        assertThat(exit).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString())
                .contains("watches[0].quite-period")
                .contains("watches[1].quiet-period")
                .contains("upload.part-size");
        assertThat(Files.exists(dir.resolve("state.db"))).as("nothing created").isFalse();
    }
}
