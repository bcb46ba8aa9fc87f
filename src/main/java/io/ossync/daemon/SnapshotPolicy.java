package io.ossync.daemon;

import io.ossync.config.WatchConfig;
import io.ossync.files.FileIdentity;
import io.ossync.upload.SnapshotMode;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether an upload is a snapshot (DESIGN invariant 8). Every upload in an {@code append-only}
 * watch is one, trusted without reading back. Elsewhere only a file still being written when its
 * upload begins, which only {@code max-delay} releases, is a snapshot, read back before Complete:
 * a file the quiet period released keeps the rule that any change restarts the upload.
 */
final class SnapshotPolicy {

    private SnapshotPolicy() {
    }

    static SnapshotMode of(WatchConfig watch, FileIdentity identity, Instant now) {
        if (watch.appendOnly()) {
            return SnapshotMode.TRUSTED;
        }
        if (watch.maxDelay().isZero()) {
            return SnapshotMode.OFF;
        }
        Instant modified = Instant.ofEpochSecond(0, identity.mtimeNanos());
        boolean stillChanging = Duration.between(modified, now).compareTo(watch.quietPeriod()) < 0;
        return stillChanging ? SnapshotMode.READ_BACK : SnapshotMode.OFF;
    }
}
