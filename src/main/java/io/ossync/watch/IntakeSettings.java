package io.ossync.watch;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the intake's background work, common to all roots.
 *
 * @param rescanInterval    full walk of every watched root (repairs anything events missed)
 * @param pollInterval      full walk of roots that cannot be watched (inotify limits)
 * @param rootCheckInterval check that each root still exists and is the same directory; also the
 *                          delay before a failed watcher is started again
 * @param paceRescans       whether a root's periodic rescan waits in proportion to its last walk's
 *                          CPU time ({@link RescanPacing}); false keeps {@code rescanInterval} exactly
 */
public record IntakeSettings(Duration rescanInterval, Duration pollInterval,
                             Duration rootCheckInterval, boolean paceRescans) {

    public IntakeSettings {
        requirePositive(rescanInterval, "rescanInterval");
        requirePositive(pollInterval, "pollInterval");
        requirePositive(rootCheckInterval, "rootCheckInterval");
    }

    /** Rescan hourly, poll unwatchable roots every minute, check roots every 10 seconds. */
    public static IntakeSettings defaults() {
        return new IntakeSettings(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(10));
    }

    /** Settings whose periodic rescans are paced. */
    public IntakeSettings(Duration rescanInterval, Duration pollInterval, Duration rootCheckInterval) {
        this(rescanInterval, pollInterval, rootCheckInterval, true);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
