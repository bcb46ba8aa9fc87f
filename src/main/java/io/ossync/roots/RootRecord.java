package io.ossync.roots;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What the state database keeps about one watched root.
 *
 * @param root      the root's folder as configured
 * @param fileKey   its identity (device and inode) when first seen, or null where the file system has none
 * @param hold      why its deletions are held, if they are
 * @param confirmed whether the operator allowed the held deletions (read at the next scan)
 */
public record RootRecord(Path root, String fileKey, Optional<Hold> hold, boolean confirmed) {

    /**
     * Deletions held back for a root.
     *
     * @param reason  why, one line
     * @param missing how many known files the scan found gone
     * @param known   how many files the ledger knows under the root
     * @param since   when the hold began
     */
    public record Hold(String reason, long missing, long known, Instant since) {
    }
}
