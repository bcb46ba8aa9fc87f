package io.ossync.store;

/** The object a Complete created: its ETag and the server's CRC-64 of the whole object. */
public record CompleteResult(String etag, long crc64) {
}
