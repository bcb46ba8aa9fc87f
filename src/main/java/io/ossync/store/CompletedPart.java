package io.ossync.store;

/** A part as named in CompleteMultipartUpload. */
public record CompletedPart(int partNumber, String etag) {
}
