package io.ossync.store;

import java.time.Instant;

/** An unfinished multipart upload as ListMultipartUploads reports it. */
public record MultipartUploadInfo(String bucket, String key, String uploadId, Instant initiated) {
    public UploadRef ref() {
        return new UploadRef(bucket, key, uploadId);
    }
}
