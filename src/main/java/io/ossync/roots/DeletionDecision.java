package io.ossync.roots;

import io.ossync.config.DeleteLimit;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the files a complete scan found gone may be deleted (invariant 10): pure, so every case
 * is a unit test. Deletions are held when the root is another directory than the one whose files
 * were uploaded (its device or inode changed: what an unmounted disk's empty mount point looks
 * like), or when more files are gone than the watch's {@code max-delete} allows. The operator's
 * confirmation lets them proceed; nothing gone means nothing to hold (the files came back).
 *
 * @param hold why the deletions are held; empty when they proceed
 */
public record DeletionDecision(Optional<String> hold) {

    private static final DeletionDecision PROCEED = new DeletionDecision(Optional.empty());

    /**
     * @param knownKey  the root's identity as recorded (null: none recorded, or none on this file system)
     * @param scannedKey the identity of the directory the scan walked (null: none on this file system)
     * @param known     files the ledger knows under the root
     * @param missing   of those, how many the scan found gone
     * @param confirmed the operator confirmed the deletions
     */
    public static DeletionDecision decide(String knownKey, String scannedKey, long known, long missing,
                                          DeleteLimit limit, boolean confirmed) {
        if (missing == 0 || confirmed) {
            return PROCEED;
        }
        if (knownKey != null && scannedKey != null && !Objects.equals(knownKey, scannedKey)) {
            return new DeletionDecision(Optional.of("root replaced (device or inode changed: " + knownKey + " -> "
                    + scannedKey + "), is a file system unmounted?"));
        }
        if (limit.exceededBy(missing, known)) {
            return new DeletionDecision(Optional.of("more files gone in one scan than max-delete " + limit
                    + " allows (" + limit.allowed(known) + ")"));
        }
        return PROCEED;
    }

    public boolean held() {
        return hold.isPresent();
    }
}
