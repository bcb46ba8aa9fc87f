package io.ossync.upload;

import io.ossync.files.FileIdentity;

/**
 * A verified upload: the object's CRC-64 equals the file's.
 *
 * @param identity     the version of the file the object holds
 * @param partsSent    parts sent in this run (all attempts, re-sent ones included); 1 for a PutObject
 * @param partsResumed parts recorded by an earlier run and not sent again
 * @param restarts     times the upload was thrown away and begun again with all parts
 * @param how          how the object was made
 * @param bytesSent    file bytes sent in request bodies in this run (re-sent ones included)
 * @param bytesCopied  bytes reused on the server by copies in this run
 */
public record UploadResult(String bucket, String key, FileIdentity identity, long crc64, String etag,
                           boolean multipart, int partCount, int partsSent, int partsResumed, int restarts,
                           How how, long bytesSent, long bytesCopied) {

    /** How an object was made, as the {@code file uploaded} log line says it ({@code how=}). */
    public enum How {
        /** Every byte sent from the file. */
        WHOLE,
        /** The old object's bytes copied on the server, the new bytes sent. */
        APPEND,
        /** Copied on the server from another object, no byte sent (a renamed or copied file). */
        COPY,
        /**
         * Already there: a job recovered after a crash found its object equal to the file (size and
         * CRC-64), sent before the crash and not yet recorded; nothing sent.
         */
        FOUND;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public long size() {
        return identity.size();
    }
}
