package io.ossync.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A finished child process: its exit code, stdout and stderr (read apart, so a test can tell them apart). */
record Command(int exitCode, String stdout, String stderr) {

    /** Runs {@code command} with {@code env} added to (or, for a null value, removed from) the inherited environment. */
    static Command run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path err = Files.createTempFile("ossync-command", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            env.forEach((name, value) -> {
                if (value == null) {
                    pb.environment().remove(name);
                } else {
                    pb.environment().put(name, value);
                }
            });
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished within 2 minutes", command).isTrue();
            return new Command(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static Command run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), Map.of());
    }

    /** This command's output, asserting it exited 0 (its stderr in the message otherwise). */
    String ok() {
        assertThat(exitCode).as("exit code; stderr:%n%s", stderr).isZero();
        return stdout;
    }
}
