package io.ossync.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ossync.testing.ShadedJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logging as the runnable jar starts it, in a JVM of its own: the in-code default (found through the
 * jar's merged service file, no logback.xml parsed), OSSYNC_LOG_FORMAT read from the environment, and
 * a file named by -Dlogback.configurationFile winning over the default.
 */
class LogFormatIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

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

    @Test
    void aConfigurationFileNamedByTheSystemPropertyWins() throws Exception {
        Path custom = tmp.resolve("custom-logback.xml");
        Files.writeString(custom, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>custom %level %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        assertThat(runChild("json", "-Dlogback.configurationFile=" + custom)).singleElement().asString()
                .matches("custom INFO child started pid=\\d+");

        // the operators' file gives the same lines as the default
        assertThat(runChild(null, "-Dlogback.configurationFile=" + Path.of("conf/logback.xml").toAbsolutePath()))
                .singleElement().asString()
                .matches("ts=\\S+ level=INFO logger=LogOneLine thread=main child started pid=\\d+");
    }

    /**
     * Runs {@link LogOneLine} in a JVM of its own on the runnable jar (and a folder holding only
     * LogOneLine: the test class path would bring logback-test.xml), returns its stdout lines.
     */
    private List<String> runChild(String format, String... jvmOptions) throws IOException, InterruptedException {
        Path classes = tmp.resolve("classes");
        Path target = classes.resolve(LogOneLine.class.getName().replace('.', '/') + ".class");
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            try (InputStream in = LogOneLine.class.getResourceAsStream(LogOneLine.class.getSimpleName() + ".class")) {
                Files.copy(in, target);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", ShadedJar.path() + File.pathSeparator + classes, LogOneLine.class.getName()));
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
