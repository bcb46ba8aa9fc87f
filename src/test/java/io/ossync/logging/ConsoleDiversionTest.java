package io.ossync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's events diverted for a while, nested, and the console appender put back. */
class ConsoleDiversionTest {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(ConsoleDiversionTest.class);

    private static List<Appender<ILoggingEvent>> rootAppenders() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> list = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            list.add(it.next());
        }
        return list;
    }

    private static List<String> sink() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    @Test
    void nestedDiversionsEachTakeTheirLevelAndCloseBackToTheConsole() {
        List<Appender<ILoggingEvent>> console = rootAppenders();
        List<String> outer = sink();
        List<String> inner = sink();
        try (ConsoleDiversion all = ConsoleDiversion.divert(Level.ALL, b -> outer.add(new String(b, StandardCharsets.UTF_8)))) {
            assertThat(all.active()).isTrue();
            log.info("one");
            try (ConsoleDiversion warn = ConsoleDiversion.divert(Level.WARN, b -> inner.add(new String(b, StandardCharsets.UTF_8)))) {
                log.info("two");
                log.warn("three");
                log.error("four");
            }
            log.info("five");
        }
        // Encoded by the console's encoder (logback-test.xml's pattern), one line each.
        assertThat(outer).hasSize(2).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[[^]]+\\] \\S+ (one|five)\\R"));
        assertThat(inner).hasSize(2);
        assertThat(inner.get(0)).contains("WARN ").contains("three");
        assertThat(inner.get(1)).contains("ERROR").contains("four");
        assertThat(rootAppenders()).containsExactlyElementsOf(console);
    }

    @Test
    void aFilterKeepsTheConsoleButDropsWhatIsBelowItsLevel() {
        List<Appender<ILoggingEvent>> console = rootAppenders();
        List<String> outer = sink();
        try (ConsoleDiversion all = ConsoleDiversion.divert(Level.ALL, b -> outer.add(new String(b, StandardCharsets.UTF_8)))) {
            try (ConsoleDiversion filter = ConsoleDiversion.filter(Level.WARN)) {
                log.info("dropped");
                log.warn("kept");
            }
        }
        // The filter passed the warning on to what it replaced (here the outer diversion).
        assertThat(outer).singleElement().asString().contains("WARN ").contains("kept");
        assertThat(rootAppenders()).containsExactlyElementsOf(console);
    }
}
