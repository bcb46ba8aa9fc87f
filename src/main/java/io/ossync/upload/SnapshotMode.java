package io.ossync.upload;

/**
 * What a change of the file during its upload means. By default ({@link #OFF}) any change, growth
 * included, restarts every part. An upload released by {@code max-delay}, or in an
 * {@code append-only} watch, is a snapshot of the file's first N bytes, N taken when it begins:
 * growth past N is not a change of the snapshot.
 */
public enum SnapshotMode {
    /** Any change of the file's identity during the upload restarts it. */
    OFF,
    /**
     * A snapshot whose N bytes are read back before Complete and their CRC-64 compared with the
     * parts': a write inside them during the upload restarts it.
     */
    READ_BACK,
    /**
     * A snapshot of a file that only ever grows ({@code append-only}): only the file's identity
     * (same file, not shorter) is checked, nothing is read back.
     */
    TRUSTED
}
