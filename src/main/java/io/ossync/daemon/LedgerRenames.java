package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.watch.RenameSource;
import io.ossync.watch.WatchRoot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Tells the intake that a file was renamed from one already uploaded: the ledger holds exactly
 * its version (size, mtime in ns, file key) under another path, in this daemon's bucket. One
 * indexed query ({@link Ledger#findByIdentity}); the same path holding that version is no rename
 * (the file is simply uploaded already, which the intake learns from {@code KnownFiles}).
 */
final class LedgerRenames implements RenameSource {

    private final Ledger ledger;
    private final String bucket;

    LedgerRenames(Ledger ledger, String bucket) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public boolean isRenamed(WatchRoot root, Path relative, FileIdentity snapshot) {
        Path file = root.resolve(relative);
        return ledger.findByIdentity(snapshot, bucket).filter(entry -> !entry.path().equals(file)).isPresent();
    }
}
