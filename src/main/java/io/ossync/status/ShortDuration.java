package io.ossync.status;

import java.time.Duration;

/**
 * A duration in at most its two largest units, rounded down: {@code 0s}, {@code 45s},
 * {@code 4m 12s}, {@code 2h 3m}, {@code 3d 4h}. For a person glancing at status, not for parsing.
 */
final class ShortDuration {

    private ShortDuration() {
    }

    static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds / 3_600 % 24;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (secs > 0 ? " " + secs + "s" : "");
        }
        return secs + "s";
    }
}
