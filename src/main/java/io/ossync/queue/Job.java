package io.ossync.queue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One job of the queue, as it was when read.
 *
 * @param path       absolute, normalised local path; at most one job per path
 * @param watch      the folder of the watch the path belongs to (absolute, normalised): a job names
 *                   its watch by what survives a config edit, not by its position in the list; null
 *                   only for a job carried over from schema 2 that the daemon has not mapped yet
 * @param attempts   failed attempts since the job was (re)enqueued; drives the back-off
 * @param notBefore  the job is not claimed before this time
 * @param enqueuedAt when the job was created, revived from set-aside, or re-queued after a re-run
 * @param lastError  the reason of the last failure since then; null when none
 */
public record Job(long id, Path path, Path watch, JobKind kind, int attempts, Instant notBefore,
                  Instant enqueuedAt, String lastError, JobState state) {

    public Job {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(state, "state");
    }
}
