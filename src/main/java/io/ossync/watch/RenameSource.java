package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.nio.file.Path;

/**
 * Knows whether the bytes of a file that just appeared are already uploaded under another path:
 * the same identity (size, mtime in ns, file key) recorded for another file means this one was
 * renamed from it (logrotate's {@code app.log -> app.log.1}). The gate then releases it at once,
 * without a quiet period, so that its object is copied on the server before anything overwrites
 * the old one. Backed by the ledger in the daemon.
 *
 * <p>Asked on the gate's thread, once per path new to the gate and only for an identity with a
 * file key (without one, size and mtime cannot tell one file from another). It must be quick (one
 * indexed query) and should not throw; an exception counts as "not known".
 */
@FunctionalInterface
public interface RenameSource {

    /** Never recognises a rename: every file waits for its quiet period. */
    RenameSource NONE = (root, relative, snapshot) -> false;

    /** True when exactly this version was uploaded from a path other than {@code relative}. */
    boolean isRenamed(WatchRoot root, Path relative, FileIdentity snapshot);
}
