package io.ossync.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ossync.files.FileIdentity;
import io.ossync.testing.MutableClock;
import io.ossync.upload.UploadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The volume of {@code file uploaded} lines under a burst, by the clock's seconds. */
class UploadLogTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00.100Z"));
    private final UploadLog uploads = new UploadLog(clock, 3);
    private final Logger logger = (Logger) LoggerFactory.getLogger(UploadLog.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
        logger.setLevel(levelBefore);
    }

    @Test
    void aQuietSecondLogsEveryFileAtInfoAndNoSummary() {
        for (int i = 0; i < 3; i++) {
            uploads.uploaded(Path.of("/in/f" + i), small(i), 1);
        }
        clock.advance(Duration.ofSeconds(1));
        uploads.tick();
        assertThat(lines(Level.INFO)).hasSize(3).allMatch(l -> l.startsWith("file uploaded path=/in/f"));
        assertThat(lines(Level.DEBUG)).isEmpty();
    }

    @Test
    void beyondTheBudgetLinesGoToDebugAndTheSecondEndsWithASummary() {
        for (int i = 0; i < 10; i++) {
            uploads.uploaded(Path.of("/in/f" + i), small(i), 1);
        }
        uploads.uploaded(Path.of("/in/big"), multipart(), 1);   // always INFO, counted in the summary
        assertThat(lines(Level.INFO)).hasSize(4).last().asString().startsWith("file uploaded path=/in/big ");
        assertThat(lines(Level.DEBUG)).hasSize(7).allMatch(l -> l.startsWith("file uploaded path=/in/f"));

        uploads.tick();   // the same second: no summary yet
        assertThat(lines(Level.INFO)).hasSize(4);
        clock.advance(Duration.ofMillis(900));
        uploads.tick();
        long bytes = 10 * 1024 + 45 + 10L * 1024 * 1024;
        assertThat(lines(Level.INFO)).hasSize(5).last().isEqualTo("files uploaded count=11 bytes=" + bytes
                + " lines_suppressed=7");

        uploads.uploaded(Path.of("/in/next"), small(0), 1);   // a new second: a new budget
        assertThat(lines(Level.INFO)).hasSize(6).last().asString().startsWith("file uploaded path=/in/next ");
    }

    @Test
    void theFirstLineOfALaterSecondWritesThePendingSummary() {
        for (int i = 0; i < 4; i++) {
            uploads.uploaded(Path.of("/in/f" + i), small(i), 1);
        }
        clock.advance(Duration.ofSeconds(5));
        uploads.uploaded(Path.of("/in/later"), small(1), 1);
        List<String> info = lines(Level.INFO);
        assertThat(info.get(3)).startsWith("files uploaded count=4 ").endsWith(" lines_suppressed=1");
        assertThat(info.get(4)).startsWith("file uploaded path=/in/later ");
    }

    private List<String> lines(Level level) {
        return events.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static UploadResult small(int i) {
        return new UploadResult("b", "k" + i, new FileIdentity(1024 + i, 1, "(dev=1,ino=" + i + ")"), 7, "e", false, 1,
                1, 0, 0, UploadResult.How.WHOLE, 1024 + i, 0);
    }

    private static UploadResult multipart() {
        return new UploadResult("b", "big", new FileIdentity(10L * 1024 * 1024, 1, "(dev=1,ino=99)"), 7, "e", true, 2,
                2, 0, 0, UploadResult.How.WHOLE, 10L * 1024 * 1024, 0);
    }
}
