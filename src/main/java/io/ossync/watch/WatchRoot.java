package io.ossync.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One folder the daemon mirrors, as the intake sees it.
 *
 * <p>The path is made absolute and normalised; it may itself be a symbolic link to a directory
 * (the configured folder is followed), but links found inside it are only followed when
 * {@code followSymlinks} is set. The filter is asked about regular files only, with the path
 * relative to the root (directories are always walked, because a file-name pattern cannot say
 * whether a directory holds matching files). The always-excluded names ({@code *.tmp},
 * {@code *.part}, {@code *.swp}, {@code .#*}, {@code *~}) never reach the filter.
 *
 * @param id             unique among the roots; names the root in logs and in the sink
 * @param path           the folder
 * @param quietPeriod    how long size and mtime must stay unchanged before a file is released
 * @param filter         include/exclude decision on the path relative to the root
 * @param followSymlinks whether links inside the folder are followed (loops are always detected)
 * @param maxDelay       a file that keeps changing is released anyway this long after its first
 *                       change not yet released; {@link Duration#ZERO} waits for quiet however long
 */
public record WatchRoot(String id, Path path, Duration quietPeriod, Predicate<Path> filter,
                        boolean followSymlinks, Duration maxDelay) {

    public WatchRoot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (id.isBlank()) {
            throw new IllegalArgumentException("watch root id must not be blank (path " + path + ")");
        }
        if (quietPeriod.isNegative()) {
            throw new IllegalArgumentException(
                    "quiet period of watch root " + id + " must not be negative: " + quietPeriod);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("max delay of watch root " + id + " must not be negative: " + maxDelay);
        }
        path = path.toAbsolutePath().normalize();
    }

    /** A root without max-delay: a file is released only once quiet. */
    public WatchRoot(String id, Path path, Duration quietPeriod, Predicate<Path> filter, boolean followSymlinks) {
        this(id, path, quietPeriod, filter, followSymlinks, Duration.ZERO);
    }

    /** A root that admits every file and does not follow links. */
    public static WatchRoot of(String id, Path path, Duration quietPeriod) {
        return new WatchRoot(id, path, quietPeriod, relative -> true, false);
    }

    /** The absolute path of a file given relative to this root. */
    public Path resolve(Path relative) {
        return path.resolve(relative);
    }

    @Override
    public String toString() {
        return "WatchRoot[id=" + id + ", path=" + path + ", quietPeriod=" + quietPeriod
                + ", followSymlinks=" + followSymlinks + ", maxDelay=" + maxDelay + "]";
    }
}
