package io.ossync.store;

/**
 * The file ended before the bytes a request promised to send: it was truncated while they were
 * read. Thrown by the part stream as it reads, so the request fails at once instead of leaving the
 * server waiting for bytes that will never come. A local failure, never the endpoint's: it reaches
 * the caller as a {@link StoreException.LocalFile} whose {@link StoreException.LocalFile#fileShrank()}
 * is true.
 */
public final class FileShrankException extends FileReadException {

    private final long endedAt;
    private final long needed;

    public FileShrankException(long endedAt, long needed) {
        super("file ended at byte " + endedAt + ", the bytes to send end at byte " + needed, null);
        this.endedAt = endedAt;
        this.needed = needed;
    }

    /** Where the file ended: its size when it was read. */
    public long endedAt() {
        return endedAt;
    }

    /** The end (exclusive) of the bytes the request needs. */
    public long needed() {
        return needed;
    }
}
