package io.ossync.store;

import java.util.Objects;

/** Names one multipart upload on the server. */
public record UploadRef(String bucket, String key, String uploadId) {
    public UploadRef {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uploadId, "uploadId");
    }
}
