package io.ossync.ledger;

import io.ossync.files.FileIdentity;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One uploaded file: which version of it ({@code identity}) went to which object, with the CRC-64
 * the object was checked against.
 *
 * @param path absolute, normalised local path
 */
public record LedgerEntry(Path path, String bucket, String key, FileIdentity identity, long crc64,
                          Instant uploadedAt) {

    public LedgerEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(uploadedAt, "uploadedAt");
    }

    /** True when this entry is the upload of that version of the file to that object. */
    public boolean covers(FileIdentity version, String targetBucket, String targetKey) {
        return identity.equals(version) && bucket.equals(targetBucket) && key.equals(targetKey);
    }
}
