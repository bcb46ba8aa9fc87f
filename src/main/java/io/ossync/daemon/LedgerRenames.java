package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.watch.RenameSource;
import io.ossync.watch.WatchRoot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Tells the intake that a file was renamed from one already uploaded: the ledger holds exactly
 * its version (size, mtime in ns, file key) under another path, in this daemon's bucket, or a
 * shorter version of the same file (same file key: renamed, then grown). Indexed queries
 * ({@link Ledger#findByFileKey}, one indexed query); the same path holding that version is no rename
 * (the file is simply uploaded already, which the intake learns from {@code KnownFiles}).
 */
final class LedgerRenames implements RenameSource {

    private final Ledger ledger;
    private final String bucket;
    /** Null, or the in-memory index that spares the query for a file key the ledger surely lacks. */
    private final UploadedVersions known;

    LedgerRenames(Ledger ledger, String bucket) {
        this(ledger, bucket, null);
    }

    /**
     * @param known answers "no row has this file key" without the state database (a burst of new
     *              files would otherwise cost the intake one query a file); the query runs otherwise
     */
    LedgerRenames(Ledger ledger, String bucket, UploadedVersions known) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.known = known;
    }

    @Override
    public boolean isRenamed(WatchRoot root, Path relative, FileIdentity snapshot) {
        Path file = root.resolve(relative);
        // This version, or a shorter one of the same file (renamed, then grown: its writer kept
        // appending after logrotate's rename), whose object the new file at the old path must not
        // replace before the copy is made.
        return snapshot.fileKey() != null && (known == null || known.mayHoldFileKey(snapshot.fileKey()))
                && ledger.findByFileKey(snapshot.fileKey(), bucket, 4).stream()
                .anyMatch(entry -> !entry.path().equals(file) && (entry.identity().equals(snapshot)
                        || entry.identity().size() < snapshot.size()));
    }
}
