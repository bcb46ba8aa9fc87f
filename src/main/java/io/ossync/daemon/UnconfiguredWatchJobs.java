package io.ossync.daemon;

import io.ossync.queue.Job;
import io.ossync.queue.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * At start, drops the jobs of watches that are no longer configured: a job names its watch by the
 * watch's folder, so a reordered list keeps every job, and a removed watch's jobs go with one INFO
 * line per watch. An upload such a job had begun is aborted on the server (best effort) and its
 * checkpoint rows deleted. Jobs carried over from schema 2 name no watch: each is first given the
 * configured watch whose folder holds its path; those no watch holds are dropped too.
 *
 * <p>Assumptions: no worker runs yet, so a job is dropped in any state; watches never overlap
 * (the configuration refuses that), so a path lies in at most one.
 *
 * <p>Guarantees: checkpoints go before their jobs, so a stop in between leaves jobs that the next
 * start drops again, never a checkpoint whose job is gone. An abort that fails never stops the start:
 * it is logged as a WARN (see {@link UploadAbandonment}).
 */
final class UnconfiguredWatchJobs {

    private static final Logger log = LoggerFactory.getLogger(UnconfiguredWatchJobs.class);

    private final JobQueue queue;
    private final UploadAbandonment uploads;

    UnconfiguredWatchJobs(JobQueue queue, UploadAbandonment uploads) {
        this.queue = queue;
        this.uploads = uploads;
    }

    /** Maps schema-2 jobs to the {@code configured} watch folders, then drops the jobs of any other. */
    void drop(Collection<Path> configured) {
        Set<Path> folders = Set.copyOf(configured);
        for (Path folder : folders) {
            int mapped = queue.assignWatch(folder);
            if (mapped > 0) {
                log.info("jobs of an earlier schema mapped to their watch by path watch={} count={}", folder, mapped);
            }
        }
        uploads.abandon(file -> dropped(file, folders), "watch no longer configured");
        for (Path watch : queue.watches()) {
            if (!folders.contains(watch)) {
                log.info("jobs dropped: watch no longer configured watch={} count={}", watch, queue.dropJobsOf(watch));
            }
        }
        int unplaced = queue.dropJobsWithoutWatch();
        if (unplaced > 0) {
            log.info("jobs dropped: no configured watch holds their path count={}", unplaced);
        }
    }

    /** Whether {@code file} has a job that is about to be dropped. */
    private boolean dropped(Path file, Set<Path> folders) {
        Optional<Job> job = queue.job(file);
        return job.isPresent() && (job.get().watch() == null || !folders.contains(job.get().watch()));
    }
}
