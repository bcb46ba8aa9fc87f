package io.ossync.store;

import java.util.Objects;

/**
 * An object whose bytes a new object reuses by a server-side copy: the version the ledger verified
 * ({@code size} bytes with that CRC-64), pinned by its ETag so that a copy fails rather than take
 * the bytes of an object replaced meanwhile.
 */
public record SourceObject(String key, String etag, long size, long crc64) {

    public SourceObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        if (etag.isBlank()) {
            throw new IllegalArgumentException("a source object needs its ETag");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("a source object to copy has bytes: " + size);
        }
    }
}
