package io.ossync.daemon;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.checkpoint.Lookup;
import io.ossync.queue.Job;
import io.ossync.queue.JobQueue;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.store.StoreException;
import io.ossync.util.StoredPaths;
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
 * it is logged as a WARN and the upload stays open on the server until the orphan sweep aborts it,
 * which it does only while a configured watch's prefix covers its key.
 */
final class UnconfiguredWatchJobs {

    private static final Logger log = LoggerFactory.getLogger(UnconfiguredWatchJobs.class);

    private final JobQueue queue;
    private final CheckpointStore checkpoints;
    private final ObjectStore store;

    UnconfiguredWatchJobs(JobQueue queue, CheckpointStore checkpoints, ObjectStore store) {
        this.queue = queue;
        this.checkpoints = checkpoints;
        this.store = store;
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
        for (Lookup lookup : checkpoints.all()) {
            if (lookup instanceof Lookup.Found found && dropped(found.checkpoint().file(), folders)) {
                abortQuietly(found.checkpoint().file(), Optional.ofNullable(found.checkpoint().uploadId())
                        .map(id -> found.checkpoint().uploadRef()));
                checkpoints.delete(found.checkpoint().id());
            } else if (lookup instanceof Lookup.Corrupt corrupt && corrupt.localPath() != null) {
                // A path this JVM cannot represent (no UTF-8 locale) names no job it could drop: left alone.
                Optional<Path> file = StoredPaths.parse(corrupt.localPath()).filter(f -> dropped(f, folders));
                if (file.isPresent()) {
                    abortQuietly(file.get(), corrupt.uploadId().filter(id -> corrupt.bucket() != null
                            && corrupt.key() != null).map(id -> new UploadRef(corrupt.bucket(), corrupt.key(), id)));
                    checkpoints.delete(corrupt.checkpointId());
                }
            }
        }
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

    private void abortQuietly(Path file, Optional<UploadRef> upload) {
        if (upload.isEmpty()) {
            return;   // Initiate was never answered: nothing to abort that a row names
        }
        UploadRef ref = upload.get();
        try {
            store.abortMultipartUpload(ref);
            log.info("upload aborted: watch no longer configured path={} key={} upload_id={}", file, ref.key(),
                    ref.uploadId());
        } catch (StoreException.UploadGone gone) {
            log.debug("upload already gone path={} key={}", file, ref.key());
        } catch (StoreException e) {
            log.warn("could not abort the upload of a dropped job, it stays open on the server path={} key={} "
                    + "upload_id={} error=\"{}\"", file, ref.key(), ref.uploadId(), e.getMessage());
        }
    }
}
