package io.ossync.resilience;

import io.ossync.testing.MutableClock;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorLogThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T08:00:00Z"));
    private final ErrorLogThrottle throttle = new ErrorLogThrottle(clock);

    @Test
    void firstIsLoggedRepeatsWithinTheWindowAreCountedAndReportedWithTheNextOneAfterIt() {
        assertThat(throttle.admit("store.down", "endpoint unavailable")).hasValue("endpoint unavailable");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(9));
            assertThat(throttle.admit("store.down", "endpoint unavailable")).isEmpty();
        }
        clock.advance(Duration.ofSeconds(3));   // 30 s after the first: a new window
        assertThat(throttle.admit("store.down", "endpoint unavailable"))
                .hasValue("endpoint unavailable (repeated 3 times in 30s)");
        clock.advance(Duration.ofSeconds(29));
        assertThat(throttle.admit("store.down", "endpoint unavailable")).isEmpty();
    }

    @Test
    void aRepeatAfterAQuietWindowCarriesNoCount() {
        throttle.admit("k", "m");
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.admit("k", "m")).hasValue("m");
    }

    @Test
    void keysAreThrottledIndependently() {
        assertThat(throttle.admit("a", "error a")).isPresent();
        assertThat(throttle.admit("b", "error b")).isPresent();
        assertThat(throttle.admit("a", "error a")).isEmpty();
        assertThat(throttle.admit("b", "error b")).isEmpty();
    }

    @Test
    void memoryIsBoundedByForgettingTheKeySeenLeastRecently() {
        ErrorLogThrottle small = new ErrorLogThrottle(clock, Duration.ofSeconds(30), 2);
        small.admit("a", "a");
        small.admit("b", "b");
        small.admit("a", "a");          // held back; a is now the most recent
        small.admit("c", "c");          // forgets b
        assertThat(small.admit("a", "a")).isEmpty();
        assertThat(small.admit("b", "b")).hasValue("b");
    }

    @Test
    void concurrentRepeatsAreLoggedOnceAndAllCounted() throws Exception {
        int threads = 8;
        int each = 2_000;
        AtomicInteger logged = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        throttle.admit("k", "m").ifPresent(s -> logged.incrementAndGet());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(logged).hasValue(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.admit("k", "m")).hasValue("m (repeated " + (threads * each - 1) + " times in 30s)");
    }

    @Test
    void warnWritesTheAdmittedLineAtWarnLevel() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("throttle-test");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            throttle.warn(logger, "k", "upload failed key={} with braces");
            throttle.warn(logger, "k", "upload failed key={} with braces");
            clock.advance(Duration.ofSeconds(31));
            throttle.warn(logger, "k", "upload failed key={} with braces");
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "upload failed key={} with braces", "upload failed key={} with braces (repeated 1 times in 30s)");
    }

    @Test
    void subSecondWindowsAreShownInMilliseconds() {
        ErrorLogThrottle fast = new ErrorLogThrottle(clock, Duration.ofMillis(250), 10);
        fast.admit("k", "m");
        fast.admit("k", "m");
        clock.advance(Duration.ofMillis(250));
        assertThat(fast.admit("k", "m")).isEqualTo(Optional.of("m (repeated 1 times in 250ms)"));
    }

    @Test
    void refusesAWindowOrSizeThatCannotWork() {
        assertThatThrownBy(() -> new ErrorLogThrottle(clock, Duration.ZERO, 10))
                .hasMessageContaining("window must be positive");
        assertThatThrownBy(() -> new ErrorLogThrottle(clock, Duration.ofSeconds(1), 0))
                .hasMessageContaining("at least one key");
    }
}
