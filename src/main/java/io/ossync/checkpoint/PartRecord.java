package io.ossync.checkpoint;

import java.util.Objects;

/**
 * A part the server acknowledged and whose CRC-64 matched the bytes read: it counts once its row
 * is committed. {@code crc64} holds the 64 bits of the CRC-64/XZ (stored as a signed long).
 */
public record PartRecord(int partNumber, long offset, long size, String etag, long crc64) {

    public PartRecord {
        if (partNumber < 1 || partNumber > 10_000) {
            throw new IllegalArgumentException("part number must be 1..10000: " + partNumber);
        }
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("part " + partNumber + " has a negative offset or size: offset "
                    + offset + ", size " + size);
        }
        Objects.requireNonNull(etag, "etag");
        if (etag.isBlank()) {
            throw new IllegalArgumentException("part " + partNumber + " has a blank ETag");
        }
    }
}
