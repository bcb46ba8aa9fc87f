package io.ossync.upload;

import io.ossync.files.FileIdentity;

import java.util.Objects;

/**
 * An object that may hold the first {@code size} bytes of the file, as the ledger verified it
 * ({@code crc64}): the file's own object before it grew, or the object of the path a renamed file
 * had. The engine reuses it only after checking that the object is still that version on the
 * server (size and CRC-64) and that the local bytes are too: they are known equal while the file
 * has the identity {@code provenFor} (a rename: the very version the ledger verified; a copy whose
 * CRC-64 the caller read), or, with {@code trustGrowth} ({@code append-only} watches), while it is
 * that file grown; otherwise the engine reads them and compares their CRC-64.
 */
public record ReuseCandidate(String key, long size, long crc64, FileIdentity provenFor, boolean trustGrowth) {

    public ReuseCandidate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(provenFor, "provenFor");
        if (size <= 0) {
            throw new IllegalArgumentException("nothing to reuse in an empty object");
        }
    }

    /** True when the first {@code size} bytes of the file at {@code now} need no reading to be trusted. */
    boolean localBytesKnown(FileIdentity now) {
        return now.equals(provenFor) || (trustGrowth && FileGuard.extendsVersion(provenFor, now));
    }
}
