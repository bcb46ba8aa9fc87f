package io.ossync.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** OSSYNC_LOG_FORMAT read from the environment by a JVM of its own (a child JVM with the jar's logback.xml). */
class LogFormatIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void childJvmReadsTheEnvironmentVariable() throws Exception {
        List<String> json = runChild("json");
        assertThat(json).hasSize(1);
        JsonNode line = JSON.readTree(json.get(0));
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asText()).isEqualTo(LogOneLine.class.getName());
        assertThat(line.get("formattedMessage").asText()).matches("child started pid=\\d+");

        // unset: the key=value line, and nothing else on stdout (no Logback status dump)
        assertThat(runChild(null)).singleElement().asString()
                .matches("ts=\\S+ level=INFO logger=LogOneLine thread=main child started pid=\\d+");
    }

    /** Runs {@link LogOneLine} in a JVM of its own, with the jar's logback.xml, and returns its stdout lines. */
    private static List<String> runChild(String format) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The test class path also holds logback-test.xml, which Logback would prefer: name the jar's file.
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath(),
                LogOneLine.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("OSSYNC_LOG_FORMAT");
        builder.environment().remove("OSSYNC_LOG_LEVEL");
        if (format != null) {
            builder.environment().put("OSSYNC_LOG_FORMAT", format);
        }
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        return out.lines().toList();
    }
}
