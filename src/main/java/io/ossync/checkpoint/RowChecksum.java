package io.ossync.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The checksum a row carries of its own fields: the first 64 bits of SHA-256 over a canonical
 * encoding (a tag naming the table and its layout, then each field typed and length-prefixed, so
 * that no two different rows encode alike). It catches a row edited or damaged behind the store's
 * back; it is no defence against someone who recomputes it.
 */
final class RowChecksum {

    private final MessageDigest sha256;

    RowChecksum(String layoutTag) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        text(layoutTag);
    }

    /** Adds a text field; null is distinct from every string, the empty one included. */
    RowChecksum text(String value) {
        if (value == null) {
            sha256.update((byte) 0);
            return this;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update((byte) 1);
        sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha256.update(bytes);
        return this;
    }

    RowChecksum number(long value) {
        sha256.update((byte) 2);
        sha256.update(ByteBuffer.allocate(8).putLong(value).array());
        return this;
    }

    long value() {
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }
}
