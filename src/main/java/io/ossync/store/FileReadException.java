package io.ossync.store;

import java.io.IOException;
import java.util.Optional;

/**
 * Reading a request body from its local file failed: the disk answered an error, or the file
 * ended early ({@link FileShrankException}). The SDK wraps what a body stream throws in a
 * {@code ClientException}, as it wraps a reset connection, so the part stream marks its own
 * failures with this type: the store can then tell the file's failure from the endpoint's and
 * report it as {@link StoreException.LocalFile} (not retried, not counted by the circuit breaker).
 */
public class FileReadException extends IOException {

    FileReadException(String message, IOException cause) {
        super(message, cause);
    }

    /** The first such exception in {@code t}'s cause chain ({@code t} included). */
    static Optional<FileReadException> in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FileReadException local) {
                return Optional.of(local);
            }
        }
        return Optional.empty();
    }
}
