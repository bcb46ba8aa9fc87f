package io.ossync.checkpoint;

/** A row that fails its checksum or holds impossible values; becomes a {@link Lookup.Corrupt}. */
final class CorruptRowException extends Exception {

    CorruptRowException(String reason) {
        super(reason);
    }
}
