package io.ossync.store;

/** An acknowledged part: the server's ETag and the CRC-64 both sides agreed on. */
public record PartResult(int partNumber, String etag, long crc64) {
}
