package io.ossync.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The hidden workload the class-data-sharing archive is made from: it succeeds quietly and leaves nothing behind. */
class CdsTrainingCommandTest {

    private static Set<String> trainingFolders() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ossync-cds-training"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void runsTheCommonCommandsQuietlyAndRemovesItsFolder() throws Exception {
        Set<String> before = trainingFolders();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of("OSS_ENDPOINT", "http://127.0.0.1:9", "OSS_ACCESS_KEY_ID", "users-own"));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute("cds-training")).as(err.toString()).isZero();

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();
        assertThat(trainingFolders()).isEqualTo(before);
    }
}
