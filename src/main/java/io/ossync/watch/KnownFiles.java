package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.nio.file.Path;

/**
 * What the daemon already holds (uploaded, or queued for upload), so that scans do not offer an
 * unchanged file again and again. Backed by the state database in the daemon.
 *
 * <p>Asked from the scan thread for every file a scan finds, and from the sink thread once more
 * before a release: it must be quick and thread-safe, and must not throw (a failure should answer
 * {@code false}, which only costs a duplicate offer).
 */
@FunctionalInterface
public interface KnownFiles {

    /** True when exactly this version (same snapshot) of the file is already held. */
    boolean isKnown(WatchRoot root, Path relative, FileIdentity snapshot);

    /** Knows nothing: every scan offers every file again. */
    static KnownFiles none() {
        return (root, relative, snapshot) -> false;
    }
}
