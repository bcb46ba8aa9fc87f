package io.ossync.upload;

import io.ossync.files.FileIdentity;

/**
 * A verified upload: the object's CRC-64 equals the file's.
 *
 * @param identity     the version of the file the object holds
 * @param partsSent    parts sent in this run (all attempts, re-sent ones included); 1 for a PutObject
 * @param partsResumed parts recorded by an earlier run and not sent again
 * @param restarts     times the upload was thrown away and begun again with all parts
 */
public record UploadResult(String bucket, String key, FileIdentity identity, long crc64, String etag,
                           boolean multipart, int partCount, int partsSent, int partsResumed, int restarts) {

    public long size() {
        return identity.size();
    }
}
