package io.ossync.queue;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The failures of one file for one reason, as kept in the bounded failure history for status: the
 * latest of them and how many there were.
 *
 * @param attempts  failed attempts of the job counting the latest failure
 * @param failedAt  when the latest failure happened
 * @param setAside  true when the job was set aside after the latest failure, false when it is retried later
 * @param count     how many times this file failed for this reason while the history kept its row (at least 1)
 */
public record Failure(Path path, JobKind kind, int attempts, String reason, Instant failedAt,
                      boolean setAside, int count) {

    public Failure {
        if (count < 1) {
            throw new IllegalArgumentException("a failure happened at least once: " + count);
        }
    }

    /** A failure that happened once. */
    public Failure(Path path, JobKind kind, int attempts, String reason, Instant failedAt, boolean setAside) {
        this(path, kind, attempts, reason, failedAt, setAside, 1);
    }
}
