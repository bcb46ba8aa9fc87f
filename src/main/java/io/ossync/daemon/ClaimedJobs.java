package io.ossync.daemon;

import io.ossync.queue.Job;
import io.ossync.queue.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The jobs claimed for the workers, a batch at a time: one claim transaction hands out up to
 * {@code batch} due jobs instead of one, and the workers take them from here in the queue's order.
 * A worker that finds this empty claims the next batch. Claimed jobs are RUNNING in the queue: a
 * crash leaves them to {@link JobQueue#recoverRunning} at the next start, and {@link #releaseAll()}
 * gives back the ones no worker took at a clean stop.
 *
 * <p>The batch is small beside a burst (a few dozen) so that a job waits behind at most that many
 * others that are already claimed, and never behind a slow one: any free worker takes the next.
 * Thread-safe.
 */
final class ClaimedJobs {

    private static final Logger log = LoggerFactory.getLogger(ClaimedJobs.class);

    private final JobQueue queue;
    private final int batch;
    private final Deque<Job> claimed = new ArrayDeque<>();

    ClaimedJobs(JobQueue queue, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("claim batch must be at least 1, got " + batch);
        }
        this.queue = queue;
        this.batch = batch;
    }

    /** The next claimed job, claiming a batch when none is left; empty when no job is due. */
    synchronized Optional<Job> next() {
        if (claimed.isEmpty()) {
            claimed.addAll(queue.claim(batch));
        }
        return Optional.ofNullable(claimed.pollFirst());
    }

    /** Gives every claimed job no worker took back to the queue (at a clean stop); returns how many. */
    int releaseAll() {
        List<Job> left;
        synchronized (this) {
            left = new ArrayList<>(claimed);
            claimed.clear();
        }
        for (Job job : left) {
            try {
                queue.release(job.id());
            } catch (RuntimeException e) {
                // It stays RUNNING: the next start recovers it.
                log.warn("claimed job not given back path={} error=\"{}\"", job.path(), e.toString());
            }
        }
        return left.size();
    }
}
