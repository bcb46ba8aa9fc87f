package io.ossync.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** conf/logback.xml, the operators' copy, and the copy in the jar. */
class LogbackConfigTest {

    private static final Path CONF = Path.of("conf/logback.xml");

    private static LoggerContext configure(String level) throws Exception {
        LoggerContext context = new LoggerContext();
        if (level != null) {
            context.putProperty("OSSYNC_LOG_LEVEL", level); // what the environment variable would give
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(CONF.toFile());
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(s -> s.getEffectiveLevel() >= Status.WARN);
        return context;
    }

    @Test
    void theJarCarriesNoLogbackXmlToParseAtStart() {
        // The in-code LogSetup is the default (LogSetupTest keeps it equal to this file); a logback.xml
        // in the jar would be dead weight that readers could mistake for the configuration in use.
        assertThat(LogbackConfigTest.class.getResource("/logback.xml")).isNull();
        assertThat(LogbackConfigTest.class.getResource("/META-INF/services/ch.qos.logback.classic.spi.Configurator"))
                .isNotNull();
    }

    @Test
    void levelDefaultsToInfoAndFollowsTheVariable() throws Exception {
        assertThat(configure(null).getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        LoggerContext debug = configure("DEBUG");
        assertThat(debug.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(debug.getLogger("io.ossync.upload.ResumableUpload").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(debug.getLogger("org.apache.http.wire").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(debug.getLogger("com.aliyun.oss.common.comm.ServiceClient").getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(debug.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void eventsAreKeyValueLines() throws Exception {
        LoggerContext context = configure(null);
        Logger logger = context.getLogger("io.ossync.upload.UploadWorkers");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
                "upload done key={} bytes={}", null, new Object[] {"logs/a.log", 1048576});
        event.setThreadName("upload worker 1");
        @SuppressWarnings("unchecked")
        ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> stdout = (ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        String line = new String(stdout.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertThat(line).matches("ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) level=INFO "
                + "logger=UploadWorkers thread=upload_worker_1 upload done key=logs/a.log bytes=1048576\\R");
    }
}
