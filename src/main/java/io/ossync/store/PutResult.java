package io.ossync.store;

/** A stored object as PutObject answered: its ETag and its verified CRC-64. */
public record PutResult(String etag, long crc64) {
}
