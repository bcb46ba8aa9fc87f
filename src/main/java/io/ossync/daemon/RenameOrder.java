package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.LedgerEntry;
import io.ossync.queue.Job;
import io.ossync.queue.JobQueue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the object of a renamed file's old path until the renamed file's copy is made. logrotate
 * renames {@code app.log.1 -> app.log.2} and {@code app.log -> app.log.1}, then creates
 * {@code app.log}: each renamed file is copied from the object of its old path, so that object must
 * not be replaced (by the upload of the path's new file) or forgotten (by the old path's DELETE
 * job) first. The renamed file's job was offered with its version; while such a job waits or
 * runs, the jobs that would replace or forget its source are postponed (no attempt counted).
 * Likewise for {@code copytruncate} ({@code cp app.log app.log.1}, then {@code app.log} truncated):
 * the truncated file's upload waits while a file of its object's size (maybe the copy) waits.
 *
 * <p>A DELETE job is enqueued on the rename's first half, before the new path is seen: it waits
 * {@link #RENAME_GRACE} after being enqueued for the second half to arrive.
 */
final class RenameOrder {

    static final Duration RENAME_GRACE = Duration.ofSeconds(2);
    static final Duration RECHECK = Duration.ofMillis(500);

    private final JobQueue queue;
    private final Clock clock;

    RenameOrder(JobQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * How long to postpone uploading {@code now} over the object {@code old} names, when that
     * object is another file's (renamed away) copy source; empty to go on.
     */
    Optional<Duration> beforeReplacing(Path file, LedgerEntry old, FileIdentity now) {
        FileIdentity then = old.identity();
        boolean replaced = then.fileKey() != null && !then.fileKey().equals(now.fileKey());
        if (replaced && queue.uploadOfFileWaits(then.fileKey(), file)) {
            return Optional.of(RECHECK);
        }
        // copytruncate: the file shrank while a file of its object's size waits, maybe its copy.
        // Only a shrunk file waits so: a chain of waits would need sizes that shrink in a circle.
        boolean truncated = now.size() < then.size() && then.size() >= ReuseSources.MIN_COPY_DETECTION_SIZE;
        return truncated && queue.uploadOfSizeWaits(then.size(), file) ? Optional.of(RECHECK) : Optional.empty();
    }

    /** How long to postpone a DELETE job that would forget (or delete the objects of) {@code entries}. */
    Optional<Duration> beforeForgetting(Job job, List<LedgerEntry> entries) {
        if (entries.stream().noneMatch(e -> e.identity().fileKey() != null)) {
            return Optional.empty();
        }
        Instant graceEnds = job.enqueuedAt().plus(RENAME_GRACE);
        Instant now = clock.instant();
        if (now.isBefore(graceEnds)) {
            return Optional.of(Duration.between(now, graceEnds));
        }
        Set<String> waiting = queue.uploadFileKeysWaitingOutside(job.path());
        boolean waits = !waiting.isEmpty() && entries.stream().anyMatch(e -> waiting.contains(e.identity().fileKey()));
        return waits ? Optional.of(RECHECK) : Optional.empty();
    }
}
