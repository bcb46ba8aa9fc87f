package io.ossync.queue;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One failed attempt of a job, as kept in the bounded failure history for status.
 *
 * @param attempts  failed attempts of the job counting this one
 * @param setAside  true when the job was set aside after it, false when it is retried later
 */
public record Failure(Path path, JobKind kind, int attempts, String reason, Instant failedAt,
                      boolean setAside) {
}
