package io.ossync.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one full walk of a root, for the daemon to reconcile with its state database
 * (mirror deletes, find files removed while it was down).
 *
 * <p>{@code present} holds every admitted regular file the walk saw (relative to the root, as
 * fingerprints: see {@link PresentFiles}),
 * including the ones skipped as already known. A file absent from it was not there when the walk
 * passed its directory, unless that directory is in {@code unreadable} or under one of them: no
 * deletion may be inferred there. Files created or deleted during the walk may or may not appear;
 * watch events and the next scan settle those.
 *
 * @param root        the root walked
 * @param startedAt   when the walk began
 * @param duration    how long it took
 * @param filesSeen   admitted regular files found (the size of {@code present})
 * @param filesOffered files handed to the quiet-period gate (not already known)
 * @param present     relative paths of the admitted regular files
 * @param unreadable  relative paths of directories (or entries) that could not be read
 * @param rootKey     the file key (device and inode) of the directory walked, as the walk read it;
 *                    null where the file system has none: tells a replaced root (an unmounted
 *                    disk's empty mount point) from the one whose files were uploaded
 */
public record ScanReport(WatchRoot root, Instant startedAt, Duration duration, int filesSeen,
                         int filesOffered, PresentFiles present, List<Path> unreadable, String rootKey) {

    public ScanReport {
        Objects.requireNonNull(present, "present");
        unreadable = List.copyOf(unreadable);
    }

    /** True when every directory was read, so absence from {@code present} means absence. */
    public boolean complete() {
        return unreadable.isEmpty();
    }

    @Override
    public String toString() {
        return "ScanReport[root=" + root.id() + ", startedAt=" + startedAt + ", duration=" + duration
                + ", filesSeen=" + filesSeen + ", filesOffered=" + filesOffered
                + ", unreadable=" + unreadable + ", rootKey=" + rootKey + "]";
    }
}
