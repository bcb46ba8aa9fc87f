package io.ossync.resilience;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a repeated error from flooding the log: the first message of a key is logged, identical
 * ones (same key) within the window after it are counted instead, and the first one after the
 * window is logged with {@code (repeated N times in 30s)}, N being how many were held back. Then a
 * new window starts.
 *
 * <p>Assumptions: the key names the error, not the occurrence (e.g. {@code "store.unavailable"} or
 * {@code "upload.failed:" + errorCode}); a key with a per-file or per-request part defeats the
 * throttle but does no harm. Guarantees: thread-safe; memory is bounded by {@code maxKeys}
 * (beyond it the key seen least recently is forgotten, so it may log once more than it would
 * have); repeats held back that are never followed by another occurrence are not reported.
 */
public final class ErrorLogThrottle {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_KEYS = 1024;

    private record Window(Instant start, long heldBack) {
    }

    private final Clock clock;
    private final Duration window;
    private final Map<String, Window> windows;

    /** A throttle with a 30 s window for up to {@value #DEFAULT_MAX_KEYS} keys. */
    public ErrorLogThrottle(Clock clock) {
        this(clock, DEFAULT_WINDOW, DEFAULT_MAX_KEYS);
    }

    public ErrorLogThrottle(Clock clock, Duration window, int maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("log throttle window must be positive: " + window);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("log throttle needs room for at least one key: " + maxKeys);
        }
        // Access order: a key logged or held back again moves to the young end; the eldest goes first.
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Logs {@code message} at WARN unless an identical one (same key) was logged within the window. */
    public void warn(Logger log, String key, String message) {
        admit(key, message).ifPresent(log::warn);
    }

    /**
     * The line to log for this occurrence of {@code key}, or empty when it is held back. Pure apart
     * from the clock and the remembered windows.
     */
    Optional<String> admit(String key, String message) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        synchronized (windows) {
            Window current = windows.get(key);
            if (current != null && now.isBefore(current.start().plus(window))) {
                windows.put(key, new Window(current.start(), current.heldBack() + 1));
                return Optional.empty();
            }
            windows.put(key, new Window(now, 0));
            if (current == null || current.heldBack() == 0) {
                return Optional.of(message);
            }
            return Optional.of(message + " (repeated " + current.heldBack() + " times in " + format(window) + ")");
        }
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
