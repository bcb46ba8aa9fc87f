package io.ossync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

import java.util.function.UnaryOperator;

/**
 * The logging set-up of conf/logback.xml, built in code: one console appender {@code STDOUT} on the
 * root logger, encoded by {@link LogFormatEncoder} (key=value text or JSON by
 * {@code OSSYNC_LOG_FORMAT}), the root level by {@code OSSYNC_LOG_LEVEL} (default INFO), and the
 * xml's levels for chatty libraries. Parsing the xml costs a few hundred classes (Joran, the
 * model processors, the XML parser) and a tenth of a second at every start, before any work.
 *
 * <p>Keep it equal to conf/logback.xml: LogSetupTest encodes the same events through both.
 */
public final class LogSetup {

    /** The xml's {@code <pattern>} of the text encoder. */
    static final String TEXT_PATTERN =
            "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} level=%level logger=%logger{0} thread=%replace(%thread){'\\s','_'} %msg%n";

    private LogSetup() {
    }

    /**
     * Configures {@code context}; {@code variables} gives a variable's value or null when unset, as
     * Logback's {@code ${NAME}} would (context property, system property, then environment).
     */
    public static void apply(LoggerContext context, UnaryOperator<String> variables) {
        String format = variables.apply("OSSYNC_LOG_FORMAT");
        String level = variables.apply("OSSYNC_LOG_LEVEL");

        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();

        // The formatted message only: the raw pattern and its arguments would say it twice.
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithContext(false);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.start();

        LogFormatEncoder encoder = new LogFormatEncoder();
        encoder.setContext(context);
        encoder.setFormat(format == null ? "text" : format);
        encoder.setText(text);
        encoder.setJson(json);
        encoder.start();

        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();

        context.getLogger("org.apache.http").setLevel(Level.WARN);
        // The SDK logs the server's error body, which for SignatureDoesNotMatch echoes the signed
        // headers (an STS security token among them). ossync logs every store error itself.
        context.getLogger("com.aliyun").setLevel(Level.OFF);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel(level));
        root.addAppender(stdout);
    }

    /**
     * As the xml reads {@code ${OSSYNC_LOG_LEVEL:-INFO}}: unset is INFO, a name is its level in any
     * case, anything else DEBUG (Logback's {@code Level.toLevel}). Blank is INFO here, where the
     * xml leaves the root at Logback's default, DEBUG: an empty {@code Environment=OSSYNC_LOG_LEVEL=}
     * should not turn debugging on.
     */
    static Level rootLevel(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        return Level.toLevel(value.strip());
    }
}
