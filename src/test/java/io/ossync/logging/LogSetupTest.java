package io.ossync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LogSetup}, the in-code default, builds what conf/logback.xml builds: same lines, same levels, same warnings. */
class LogSetupTest {

    private static final Path CONF = Path.of("conf/logback.xml");

    /** OSSYNC_LOG_LEVEL, OSSYNC_LOG_FORMAT as the environment would give them (null: unset). */
    static Stream<String[]> variables() {
        List<String[]> all = new ArrayList<>();
        for (String level : new String[] {null, "DEBUG", "warn", "error", "bogus"}) {
            for (String format : new String[] {null, "text", "json", " JSON ", "", "xml"}) {
                all.add(new String[] {level, format});
            }
        }
        return all.stream();
    }

    private static LoggerContext fromXml(String level, String format) throws Exception {
        LoggerContext context = context(level, format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(CONF.toFile());
        return context;
    }

    private static LoggerContext inCode(String level, String format) {
        LoggerContext context = context(level, format);
        LogSetup.apply(context, name -> DefaultLogging.variable(context, name));
        return context;
    }

    private static LoggerContext context(String level, String format) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        Map<String, String> vars = new HashMap<>();
        vars.put("OSSYNC_LOG_LEVEL", level);
        vars.put("OSSYNC_LOG_FORMAT", format);
        vars.forEach((k, v) -> {
            if (v != null) {
                context.putProperty(k, v); // what the environment variable would give
            }
        });
        return context;
    }

    /** Events that exercise every part of a line: thread names with blanks, control characters, a throwable, MDC. */
    private static List<LoggingEvent> events(LoggerContext context) {
        List<LoggingEvent> events = new ArrayList<>();
        Logger worker = context.getLogger("io.ossync.daemon.UploadWorkers");
        LoggingEvent done = new LoggingEvent(Logger.class.getName(), worker, Level.INFO,
                "upload done key={} bytes={}", null, new Object[] {"logs/\"a\".log", 1048576});
        done.setThreadName("upload worker 1");
        done.setTimeStamp(1_795_580_130_123L);
        events.add(done);
        LoggingEvent forged = new LoggingEvent(Logger.class.getName(), worker, Level.WARN,
                "set aside path={}", null, new Object[] {"/in/a\nts=x level=ERROR forged\t\u001b[31m\u0085\u2028"});
        forged.setThreadName("main");
        forged.setTimeStamp(1_795_580_130_999L);
        events.add(forged);
        LoggingEvent failed = new LoggingEvent(Logger.class.getName(), context.getLogger("x"), Level.ERROR,
                "upload failed key={}", new IllegalStateException("part 7\nrejected"), new Object[] {"b.bin"});
        failed.setThreadName("t\tab");
        failed.setTimeStamp(0L);
        events.add(failed);
        return events;
    }

    private static List<String> lines(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> stdout = stdout(context);
        List<String> lines = new ArrayList<>();
        for (LoggingEvent event : events(context)) {
            lines.add(new String(stdout.getEncoder().encode(event), StandardCharsets.UTF_8));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static ConsoleAppender<ILoggingEvent> stdout(LoggerContext context) {
        return (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    }

    private static List<String> warnings(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getEffectiveLevel() >= Status.WARN).map(Status::getMessage).toList();
    }

    private static Map<String, Level> effectiveLevels(LoggerContext context) {
        Map<String, Level> levels = new HashMap<>();
        for (String name : new String[] {Logger.ROOT_LOGGER_NAME, "io.ossync.upload.ResumableUpload", "org.apache.http",
                "org.apache.http.wire", "com.aliyun", "com.aliyun.oss.common.comm.ServiceClient",
                "org.eclipse.jetty.server.Server", "org.sqlite.core"}) {
            levels.put(name, context.getLogger(name).getEffectiveLevel());
        }
        return levels;
    }

    @ParameterizedTest(name = "OSSYNC_LOG_LEVEL={0} OSSYNC_LOG_FORMAT={1}")
    @MethodSource("variables")
    void inCodeEqualsTheXml(String level, String format) throws Exception {
        LoggerContext xml = fromXml(level, format);
        LoggerContext code = inCode(level, format);

        assertThat(lines(code)).isEqualTo(lines(xml));
        assertThat(effectiveLevels(code)).isEqualTo(effectiveLevels(xml));
        assertThat(warnings(code)).isEqualTo(warnings(xml));

        // the same appenders on the root, no more: one STDOUT console appender, started
        List<String> xmlAppenders = appenderNames(xml);
        assertThat(appenderNames(code)).isEqualTo(xmlAppenders).containsExactly("STDOUT");
        assertThat(stdout(code).isStarted()).isTrue();
        assertThat(stdout(code).getTarget()).isEqualTo(stdout(xml).getTarget()).isEqualTo("System.out");
        assertThat(stdout(code).getEncoder()).isInstanceOf(LogFormatEncoder.class);
    }

    @Test
    void theLinesAreTheOnesOperatorsKnow() {
        // Pins the shape itself, so that the comparison above cannot pass with both sides wrong.
        LoggerContext code = inCode(null, null);
        List<String> lines = lines(code);
        assertThat(lines.get(0)).matches("ts=2026-11-\\d\\dT\\d\\d:\\d\\d:30\\.123(Z|[+-]\\d\\d:\\d\\d) level=INFO "
                + "logger=UploadWorkers thread=upload_worker_1 upload done key=logs/\"a\".log bytes=1048576\\R");
        assertThat(lines.get(1)).endsWith(" set aside path=/in/a\\nts=x level=ERROR forged\\t\\x1b[31m\\x85\\u2028"
                + System.lineSeparator());
        assertThat(lines.get(2)).contains(" thread=t_ab upload failed key=b.bin");

        List<String> json = lines(inCode(null, "json"));
        assertThat(json.get(1)).contains("level=ERROR forged\\\\t\\\\x1b[31m\\\\x85\\\\u2028\",\"throwable\":null}");
        assertThat(json.get(0)).startsWith("{\"timestamp\":1795580130123,\"level\":\"INFO\"");
    }

    @Test
    void aBlankLevelIsInfoNotDebug() throws Exception {
        // The one place the code departs from the xml (which leaves the root at Logback's default,
        // DEBUG): an empty Environment=OSSYNC_LOG_LEVEL= must not turn debugging on.
        assertThat(inCode(" ", null).getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(fromXml(" ", null).getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(LogSetup.rootLevel("Trace")).isEqualTo(Level.TRACE);
        assertThat(LogSetup.rootLevel(null)).isEqualTo(Level.INFO);
    }

    @Test
    void stepsAsideForAConfigurationFileNamedByTheSystemProperty() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/nonexistent/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            DefaultLogging configurator = new DefaultLogging();
            configurator.setContext(context);
            assertThat(configurator.configure(context)).isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(appenderNames(context)).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    private static List<String> appenderNames(LoggerContext context) {
        List<String> names = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it.hasNext(); ) {
            names.add(it.next().getName());
        }
        return names;
    }

}
