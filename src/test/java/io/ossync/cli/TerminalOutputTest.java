package io.ossync.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bar and the log on one terminal: below WARN held back, warnings above the bar, the bar drawn again. */
class TerminalOutputTest {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(TerminalOutputTest.class);
    /** e.g. {@code t.bin  50% [=====     ] 50/100 (0:00:00 / 0:00:00)} */
    private static final Pattern BAR = Pattern.compile("t\\.bin +(\\?|\\d{1,3}) ?% \\[[=> ]*\\] +\\d+/\\d+ \\(.*\\).*");
    /** logback-test.xml's pattern: {@code 10:15:30.123 WARN  [main] TerminalOutputTest disk nearly full}. */
    private static final Pattern WARN = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[[^]]+\\] \\S*TerminalOutputTest disk nearly full");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        synchronized (out) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static ProgressBarBuilder bar() {
        // Redrawn only when asked (refresh), so the output is the test's to predict.
        return new ProgressBarBuilder().setTaskName("t.bin").setInitialMax(100).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(3_600_000);
    }

    private static List<Appender<ILoggingEvent>> rootAppenders() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> list = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            list.add(it.next());
        }
        return list;
    }

    @Test
    void belowWarnIsHeldBackAndAWarningIsPrintedAboveTheBarWhichIsDrawnAgain() {
        List<Appender<ILoggingEvent>> before = rootAppenders();
        assertThat(before).as("logback-test.xml's console appender").isNotEmpty();
        try (TerminalOutput terminal = TerminalOutput.show(bar(), out, 60)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> output().startsWith("\rt.bin"));
            String firstBar = output().substring(1);
            assertThat(firstBar).matches(BAR).hasSizeLessThanOrEqualTo(60);

            log.info("chatter while the bar is up");
            log.debug("more chatter");
            log.warn("disk nearly full");
            terminal.bar().stepTo(50);
            terminal.bar().refresh();
            terminal.println("resuming t.bin");

            String shown = output();
            assertThat(shown).doesNotContain("chatter");
            // The bar blanked with as many spaces as it had columns, the warning on its own line, the
            // same bar drawn again after it.
            String blank = "\r" + " ".repeat(firstBar.length()) + "\r";
            assertThat(shown).startsWith("\r" + firstBar + blank);
            String afterBlank = shown.substring(("\r" + firstBar + blank).length());
            String warning = afterBlank.substring(0, afterBlank.indexOf('\n'));
            assertThat(warning).matches(WARN);
            assertThat(afterBlank.substring(warning.length() + 1)).startsWith("\r" + firstBar + "\r");
            // Then the bar at 50%, and the command's line above it the same way.
            assertThat(shown).containsPattern("\r(t\\.bin +50% [^\r\n]*)\r +\rresuming t\\.bin\n\r\\1$");
            assertThat(segments(shown)).allSatisfy(s -> assertThat(s.isEmpty() || s.isBlank()
                    || BAR.matcher(s).matches() || WARN.matcher(s).matches() || s.equals("resuming t.bin"))
                    .as("segment '%s' in %s", s, shown).isTrue());
        }
        String ended = output();
        assertThat(ended).as("the bar ends on its own line").endsWith("\n");
        assertThat(rootAppenders()).as("the console appender is back, nothing else").containsExactlyElementsOf(before);

        log.warn("after the bar");
        log.info("chatter after the bar");
        assertThat(output()).as("logging no longer comes here").isEqualTo(ended);
    }

    @Test
    void closingTwiceEndsTheBarOnce() {
        TerminalOutput terminal = TerminalOutput.show(bar(), out, 60);
        await().atMost(Duration.ofSeconds(5)).until(() -> output().startsWith("\rt.bin"));
        terminal.close();
        String once = output();
        terminal.close();
        assertThat(output()).isEqualTo(once);
        assertThat(once.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        terminal.println("done");
        assertThat(output()).isEqualTo(once + "done" + System.lineSeparator());
    }

    private static List<String> segments(String shown) {
        List<String> all = new ArrayList<>();
        for (String line : shown.split("\n", -1)) {
            all.addAll(List.of(line.split("\r", -1)));
        }
        return all;
    }
}
