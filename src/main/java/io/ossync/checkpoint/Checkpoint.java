package io.ossync.checkpoint;

import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.store.SourceObject;
import io.ossync.files.FileIdentity;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * The checkpoint of one multipart upload: which file goes to which object under which upload id,
 * with the part size frozen at the start and the identity the file had then.
 *
 * @param id       the row id; never reused, even after the row is deleted
 * @param uploadId the server's upload id; null while Initiate has been asked for but not answered
 * @param restarts how many times the upload of this file was started over before this one
 * @param source   the object whose bytes make the first parts (copied server-side), null when every
 *                 byte is sent
 */
public record Checkpoint(long id, Path file, String bucket, String key, String uploadId, long partSize,
                         FileIdentity identity, Instant createdAt, int restarts, SourceObject source) {

    public Checkpoint(long id, Path file, String bucket, String key, String uploadId, long partSize,
                      FileIdentity identity, Instant createdAt, int restarts) {
        this(id, file, bucket, key, uploadId, partSize, identity, createdAt, restarts, null);
    }

    public Checkpoint {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(createdAt, "createdAt");
        if (partSize <= 0) {
            throw new IllegalArgumentException("part size must be positive: " + partSize);
        }
        if (source != null && source.size() > identity.size()) {
            throw new IllegalArgumentException("the source object (" + source.size() + " bytes) is larger than the file ("
                    + identity.size() + " bytes)");
        }
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts cannot be negative: " + restarts);
        }
    }

    /** The upload on the server. */
    public UploadRef uploadRef() {
        if (uploadId == null) {
            throw new IllegalStateException("checkpoint " + id + " has no upload id yet");
        }
        return new UploadRef(bucket, key, uploadId);
    }
}
