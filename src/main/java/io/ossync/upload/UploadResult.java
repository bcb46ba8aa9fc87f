package io.ossync.upload;

/**
 * A verified upload: the object's CRC-64 equals the file's.
 *
 * @param partsSent    parts sent in this run (all attempts, re-sent ones included); 1 for a PutObject
 * @param partsResumed parts recorded by an earlier run and not sent again
 * @param restarts     times the upload was thrown away and begun again with all parts
 */
public record UploadResult(String bucket, String key, long size, long crc64, String etag,
                           boolean multipart, int partCount, int partsSent, int partsResumed, int restarts) {
}
