package io.ossync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OSSYNC_LOG_FORMAT and conf/logback.xml: JSON lines on request, key=value lines otherwise. A JVM
 * that reads the variable itself: {@link LogFormatIT}.
 */
class LogFormatTest {

    private static final Path CONF = Path.of("conf/logback.xml");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Configures a context from the file, with what the environment variable would give, and captures its output. */
    private static Captured configure(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        if (format != null) {
            context.putProperty("OSSYNC_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(CONF.toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> stdout =
                (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        stdout.setOutputStream(out);
        return new Captured(context, out);
    }

    private record Captured(LoggerContext context, ByteArrayOutputStream out) {

        List<String> lines() {
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        }

        List<Status> warnings() {
            return context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getEffectiveLevel() >= Status.WARN).toList();
        }
    }

    @Test
    void jsonGivesOneParsableObjectPerLine() throws Exception {
        Captured captured = configure("json");
        Logger logger = captured.context().getLogger("io.ossync.upload.UploadWorkers");
        logger.info("upload done key={} bytes={}", "logs/\"quoted\" a.log", 1048576);
        logger.warn("upload failed key={}", "b.bin", new IllegalStateException("part 7\nrejected"));

        assertThat(captured.warnings()).isEmpty();
        List<String> lines = captured.lines();
        assertThat(lines).hasSize(2);
        JsonNode info = JSON.readTree(lines.get(0));
        assertThat(info.get("level").asText()).isEqualTo("INFO");
        assertThat(info.get("loggerName").asText()).isEqualTo("io.ossync.upload.UploadWorkers");
        assertThat(info.get("formattedMessage").asText()).isEqualTo("upload done key=logs/\"quoted\" a.log bytes=1048576");
        assertThat(info.get("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(info.get("timestamp").asLong()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(info.has("message")).as("raw pattern left out").isFalse();

        JsonNode warn = JSON.readTree(lines.get(1));
        assertThat(warn.get("level").asText()).isEqualTo("WARN");
        assertThat(warn.get("throwable").get("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(warn.get("throwable").get("message").asText()).isEqualTo("part 7\nrejected");
    }

    @Test
    void aNewlineInALoggedValueCannotSplitOrForgeATextLine() throws Exception {
        Captured captured = configure("text");
        String name = "/in/a.txt\nts=2026-01-01T00:00:00.000Z level=ERROR logger=Daemon thread=main forged";
        captured.context().getLogger("io.ossync.upload.UploadWorkers").info("upload done path={} bytes={}", name, 3);

        assertThat(captured.lines()).singleElement().asString().endsWith(" upload done path=/in/a.txt\\nts=2026-01-01T00:00:00.000Z"
                + " level=ERROR logger=Daemon thread=main forged bytes=3");
    }

    @Test
    void everyControlCharacterIsEscapedInTextAndJsonAlike() throws Exception {
        String raw = "a\rb\tc\u001b[31md\u0000e\u007ff\u0085g\u009bh\u2028i\u2029j";
        String escaped = "a\\rb\\tc\\x1b[31md\\x00e\\x7ff\\x85g\\x9bh\\u2028i\\u2029j";
        Captured text = configure("text");
        text.context().getLogger("x").warn("name={}", raw);
        assertThat(text.lines()).singleElement().asString().endsWith(" name=" + escaped);

        Captured json = configure("json");
        json.context().getLogger("x").warn("name={}", raw + "\nnext");
        assertThat(json.lines()).singleElement().satisfies(line ->
                assertThat(JSON.readTree(line).get("formattedMessage").asText()).isEqualTo("name=" + escaped + "\\nnext"));
    }

    @Test
    void formatIsCaseAndBlankInsensitive() throws Exception {
        Captured captured = configure(" JSON ");
        captured.context().getLogger("x").info("hello");
        assertThat(JSON.readTree(captured.lines().get(0)).get("formattedMessage").asText()).isEqualTo("hello");
    }

    @Test
    void defaultAndTextStayKeyValue() throws Exception {
        for (String format : new String[] {null, "text", ""}) {
            Captured captured = configure(format);
            captured.context().getLogger("io.ossync.upload.UploadWorkers").info("upload done key={}", "a");
            assertThat(captured.warnings()).as(String.valueOf(format)).isEmpty();
            assertThat(captured.lines()).as(String.valueOf(format)).singleElement().asString()
                    .matches("ts=\\S+ level=INFO logger=UploadWorkers thread=\\S+ upload done key=a");
        }
    }

    @Test
    void unknownFormatLogsAsTextWithAWarning() throws Exception {
        Captured captured = configure("xml");
        captured.context().getLogger("io.ossync.upload.UploadWorkers").error("boom key={}", "a");
        assertThat(captured.lines()).singleElement().asString().matches("ts=\\S+ level=ERROR logger=UploadWorkers .* boom key=a");
        assertThat(captured.warnings()).singleElement().extracting(Status::getMessage)
                .isEqualTo("OSSYNC_LOG_FORMAT=\"xml\" is neither text nor json; logging as text");
    }

    @Test
    void levelStillFollowsItsVariableInJson() throws Exception {
        Captured captured = configure("json");
        LoggerContext warnOnly = new LoggerContext();
        warnOnly.setMDCAdapter(new LogbackMDCAdapter());
        warnOnly.putProperty("OSSYNC_LOG_FORMAT", "json");
        warnOnly.putProperty("OSSYNC_LOG_LEVEL", "WARN");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(warnOnly);
        configurator.doConfigure(CONF.toFile());
        assertThat(warnOnly.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(captured.context().getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        captured.context().getLogger("x").debug("not shown at INFO");
        captured.context().getLogger("x").info("shown");
        assertThat(captured.lines()).singleElement().satisfies(line ->
                assertThat(JSON.readTree(line).get("formattedMessage").asText()).isEqualTo("shown"));
    }
}
