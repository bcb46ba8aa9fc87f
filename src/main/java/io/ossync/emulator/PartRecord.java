package io.ossync.emulator;

/**
 * An uploaded part.
 *
 * @param etag quoted upper-case MD5 hex of the part's bytes
 * @param file its data file, named relative to the upload's folder
 */
record PartRecord(int partNumber, long size, String etag, long crc64, long lastModifiedMillis, String file) {
}
