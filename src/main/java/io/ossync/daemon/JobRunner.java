package io.ossync.daemon;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.config.AfterUpload;
import io.ossync.config.InvalidObjectKeyException;
import io.ossync.files.FileIdentity;
import io.ossync.files.NotRegularFileException;
import io.ossync.ledger.Ledger;
import io.ossync.metrics.OssyncMetrics;
import io.ossync.resilience.CircuitBreakingObjectStore;
import io.ossync.ledger.LedgerEntry;
import io.ossync.queue.Job;
import io.ossync.queue.JobBackoff;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.store.ObjectStore;
import io.ossync.store.StoreException;
import io.ossync.upload.PartSizeSetting;
import io.ossync.upload.ReuseCandidate;
import io.ossync.upload.TargetNaming;
import io.ossync.upload.UploadEngine;
import io.ossync.upload.UploadFailedException;
import io.ossync.upload.UploadListener;
import io.ossync.upload.UploadRequest;
import io.ossync.upload.UploadResult;
import io.ossync.upload.VerifiedAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;


/**
 * Runs one claimed job to its end: done, retried later with back-off, or set aside with its
 * reason. Never throws: one bad file must not stop a worker. The job's watch is looked up by the
 * folder the job names, when it runs: a job of a watch no longer configured is dropped (the daemon
 * drops those at start already, see {@link UnconfiguredWatchJobs}).
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Map<Path, WatchBinding> watches;
    private final String bucket;
    private final JobQueue queue;
    private final Ledger ledger;
    private final ObjectStore store;
    private final UploadEngine engine;
    private final PartSizeSetting partSize;
    private final int routines;
    private final JobBackoff backoff;
    private final OssyncMetrics metrics;
    private final UploadListener listener;
    private final UploadedVersions uploaded;
    private final UploadAbandonment uploads;
    private final ReuseSources reuseSources;
    private final RenameOrder renameOrder;
    private final GroupCommitter committer;
    private final UploadLog uploadLog;
    private final Clock clock;

    /**
     * @param committer records verified small files in groups (see {@link GroupCommitter})
     * @param uploadLog writes the {@code file uploaded} lines
     */
    JobRunner(List<WatchBinding> watches, String bucket, JobQueue queue, Ledger ledger, CheckpointStore checkpoints,
              ObjectStore store, UploadEngine engine, PartSizeSetting partSize, int routines, JobBackoff backoff,
              OssyncMetrics metrics, UploadedVersions uploaded, GroupCommitter committer, UploadLog uploadLog,
              Clock clock) {
        this.watches = watches.stream().collect(Collectors.toUnmodifiableMap(WatchBinding::folder, w -> w));
        this.bucket = bucket;
        this.queue = queue;
        this.ledger = ledger;
        this.store = store;
        this.engine = engine;
        this.partSize = partSize;
        this.routines = routines;
        this.backoff = backoff;
        this.metrics = metrics;
        this.listener = new MetricsListener(metrics);
        this.uploaded = uploaded;
        this.uploads = new UploadAbandonment(checkpoints, store);
        this.reuseSources = new ReuseSources(ledger, bucket);
        this.renameOrder = new RenameOrder(queue, clock);
        this.committer = committer;
        this.uploadLog = uploadLog;
        this.clock = clock;
    }

    void run(Job job) {
        try {
            Optional<WatchBinding> watch = Optional.ofNullable(job.watch()).map(watches::get);
            if (watch.isEmpty()) {
                log.info("job dropped: watch no longer configured path={} kind={} watch={}", job.path(), job.kind(),
                        job.watch());
                queue.done(job.id());
            } else if (job.kind() == JobKind.UPLOAD) {
                upload(job, watch.get());
            } else {
                delete(job, watch.get());
            }
        } catch (UploadFailedException e) {
            failed(job, e, null);
        } catch (StoreException e) {
            storeFailed(job, e, null);
        } catch (RuntimeException e) {
            log.error("job failed unexpectedly path={} kind={}", job.path(), job.kind(), e);
            queue.retryLater(job.id(), "internal error: " + e, backoff.afterFailure(job.attempts() + 1));
        }
    }

    private void upload(Job job, WatchBinding watch) throws UploadFailedException {
        Path file = job.path();
        FileIdentity identity;
        try {
            identity = FileIdentity.read(file);
        } catch (NoSuchFileException e) {
            Optional<String> undecodable = UndecodableNames.reason(file);
            if (undecodable.isPresent()) {
                // No version read: the job keeps the one it was offered for, so a rescan leaves it alone.
                setAside(job, undecodable.get(), null);
                return;
            }
            log.info("file vanished before its upload path={}", file);
            uploads.abandonUnder(file, "file gone");   // an upload a crash left behind
            queue.done(job.id());
            return;
        } catch (NotRegularFileException e) {
            // A FIFO or folder took the file's place (e.g. while the daemon was down): the upload a
            // crash left cannot resume, so it is aborted, and the job waits for a regular file.
            uploads.abandonUnder(file, "not a regular file");
            setAside(job, "cannot read: " + e.getMessage(), null);
            return;
        } catch (IOException e) {
            // No version read: the job keeps the one it was offered for, and waits for another.
            setAside(job, "cannot read: " + e.getMessage(), null);
            return;
        }
        TargetNaming naming = watch.naming().forFile(watch.relative(file));
        String key;
        try {
            key = naming.targetFor(identity).key();
        } catch (InvalidObjectKeyException e) {
            setAside(job, e.getMessage(), identity);
            return;
        }
        // Read before the upload replaces it: the object the ledger held may be at another key. A file
        // the in-memory index proves new has no row to read, nor a rename source (a burst of new files).
        boolean surelyNew = uploaded.surelyNew(file, identity);
        Optional<LedgerEntry> before = surelyNew ? Optional.empty() : ledger.get(file);
        if (before.filter(e -> e.covers(identity, bucket, key)).isPresent()) {
            queue.done(job.id());
            return;
        }
        Optional<Duration> wait = before.filter(e -> e.bucket().equals(bucket))
                .flatMap(e -> renameOrder.beforeReplacing(file, e, identity));
        if (wait.isPresent()) {
            queue.postpone(job.id(), "its object is the copy source of a renamed file", wait.get());
            return;
        }
        // The engine names the object from the version it verifies, which may be newer than this one.
        VerifiedAction record = (tx, result) -> {
            uploaded.recording(file, result.identity());   // before the commit: see UploadedVersions#surelyNew
            ledger.record(tx, file, bucket, result.key(), result.identity(), result.crc64());
            queue.done(tx, job.id());
        };
        long started = System.nanoTime();
        AtomicBoolean handedOver = new AtomicBoolean();
        UploadRequest request = new UploadRequest(file, bucket, naming, partSize, routines)
                .withOnVerified(record)
                .withSnapshot(SnapshotPolicy.of(watch.config(), identity, clock.instant()))
                .withIdentityReadBefore(identity)
                .withHandoff(result -> {
                    handedOver.set(true);
                    handOff(job, watch, before, record, result, started);
                });
        if (queue.wasRecovered(job.id())) {
            // A crash may have come after this file's object was verified and before it was recorded.
            request = request.withLookFirst();
        }
        Optional<ReuseCandidate> reuse = reuseSources.find(file, identity, before, watch.config().appendOnly(),
                surelyNew);
        if (reuse.isPresent()) {
            request = request.withReuse(reuse.get());
        }
        UploadResult result;
        try {
            result = engine.upload(request, listener);
        } catch (UploadFailedException e) {
            // Set aside for the version read before the attempt: a change during it is a change.
            failed(job, e, identity);
            return;
        } catch (StoreException e) {
            storeFailed(job, e, identity);
            return;
        }
        if (!handedOver.get()) {   // recorded by the engine (multipart, copy)
            recorded(file, watch, before, result, started);
        }
    }

    /**
     * A verified single object handed over by the engine, recorded by the committer, which then runs
     * {@link #recorded}: with the next group, or now on this thread when more than the log line must
     * follow the record before the worker goes on (an old object to delete because the key changed,
     * the local file to delete after its upload).
     */
    private void handOff(Job job, WatchBinding watch, Optional<LedgerEntry> before, VerifiedAction record,
                            UploadResult result, long started) {
        boolean keyChanges = before.filter(e -> e.bucket().equals(bucket) && !e.key().equals(result.key())).isPresent();
        GroupCommitter.Finished finished = new GroupCommitter.Finished(job.path().toString(),
                tx -> record.run(tx, result),
                () -> recorded(job.path(), watch, before, result, started),
                e -> notRecorded(job, e));
        if (keyChanges || watch.config().afterUpload() == AfterUpload.DELETE) {
            committer.commitNow(finished);
        } else {
            committer.submit(finished);
        }
    }

    /** What follows the record of a verified upload (on the worker's thread, or the committer's). */
    private void recorded(Path file, WatchBinding watch, Optional<LedgerEntry> before, UploadResult result,
                          long started) {
        uploaded.uploaded(file, result.identity());
        metrics.uploadSucceeded(result.size(), Duration.ofNanos(System.nanoTime() - started));
        uploadLog.uploaded(file, result, (System.nanoTime() - started) / 1_000_000);
        before.filter(e -> e.bucket().equals(bucket) && !e.key().equals(result.key()))
                .ifPresent(e -> keyChanged(watch, e, result.key()));
        if (watch.config().afterUpload() == AfterUpload.DELETE) {
            deleteLocal(file, result.identity());
        }
    }

    /** The verified upload's record failed to commit (e.g. the state database is full): run it again later. */
    private void notRecorded(Job job, RuntimeException e) {
        log.error("verified upload not recorded, will retry path={} error=\"{}\"", job.path(), e.toString());
        queue.retryLater(job.id(), "not recorded: " + e.getMessage(), backoff.afterFailure(job.attempts() + 1));
    }

    /**
     * The new version of a file went to another key than the old one (a {@code {date}} prefix
     * follows the mtime): the old object is another object now, left as it is unless the watch
     * mirrors deletes. It goes only after the new object is verified and recorded: a crash in
     * between leaves both, never neither.
     */
    private void keyChanged(WatchBinding watch, LedgerEntry old, String key) {
        if (!watch.config().mirrorDeletes()) {
            log.info("object kept: key changed with the file path={} old_key={} key={}", old.path(), old.key(), key);
            return;
        }
        try {
            store.deleteObject(old.bucket(), old.key());
            log.info("object deleted: key changed with the file path={} old_key={} key={}", old.path(), old.key(), key);
        } catch (StoreException e) {
            // The ledger no longer names the old object: no later job would retry this delete.
            log.warn("object not deleted: key changed with the file path={} old_key={} key={} error=\"{}\"",
                    old.path(), old.key(), key, e.getMessage());
        }
    }

    /** Deletes the local file only if it is still the version whose object was verified. */
    private static void deleteLocal(Path file, FileIdentity uploaded) {
        try {
            if (FileIdentity.read(file).equals(uploaded)) {
                Files.delete(file);
                log.info("local file deleted after verified upload path={}", file);
            } else {
                log.info("local file kept: it changed after its upload path={}", file);
            }
        } catch (IOException e) {
            log.warn("local file not deleted path={} error=\"{}\"", file, e.getMessage());
        }
    }

    /**
     * The path is gone: drop any upload in progress for it (or under it, for a folder), and with
     * mirror-deletes delete the objects of the files it held.
     */
    private void delete(Job job, WatchBinding watch) throws UploadFailedException {
        Path path = job.path();
        if (Files.exists(path)) {
            if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
                // A FIFO, socket or device took the file's place: no UPLOAD job follows it, and
                // dropping this job would drop the file's set-aside with it. Set aside as an upload is.
                upload(job, watch);
                return;
            }
            queue.done(job.id());   // it came back; an UPLOAD job follows its quiet period
            return;
        }
        List<LedgerEntry> entries = new java.util.ArrayList<>(ledger.under(path));
        ledger.get(path).ifPresent(entries::add);
        Optional<Duration> wait = renameOrder.beforeForgetting(job, entries);
        if (wait.isPresent()) {
            queue.postpone(job.id(), "a renamed file may still be copied from its object", wait.get());
            return;
        }
        uploads.abandonUnder(path, "file gone");
        for (LedgerEntry e : entries) {
            if (watch.config().mirrorDeletes() && !Files.exists(e.path())) {
                store.deleteObject(e.bucket(), e.key());
                log.info("object deleted after its file path={} key={}", e.path(), e.key());
            }
            ledger.remove(e.path());
            uploaded.forget(e.path());
        }
        queue.done(job.id());
    }

    /** {@code identity}: the version of the file the attempt read, null when none (see {@link #setAside}). */
    private void failed(Job job, UploadFailedException e, FileIdentity identity) {
        switch (e.reason()) {
            case FILE_NOT_FOUND -> {
                log.info("file vanished during its upload path={}", job.path());
                queue.done(job.id());
            }
            case FILE_UNREADABLE, NOT_A_REGULAR_FILE, FILE_TOO_LARGE, INVALID_KEY ->
                    setAside(job, e.getMessage(), identity);
            case INTERRUPTED -> queue.release(job.id());
            case STORE -> storeFailed(job, e.storeError().orElseThrow(), identity);
            // A replaced file is a new job, decided anew; backing off bounds a file replaced
            // faster than it uploads (an atomic rewrite loop) as it does one that keeps changing.
            case FILE_KEEPS_CHANGING, VERIFICATION_FAILED, FILE_REPLACED -> retry(job, e.getMessage());
        }
    }

    private void storeFailed(Job job, StoreException e, FileIdentity identity) {
        if (CircuitBreakingObjectStore.isCircuitOpen(e)) {
            // Refused without a request: not the file's fault, no attempt counted.
            queue.release(job.id());
        } else if (e instanceof StoreException.AccessDenied) {
            // Credentials may be rotated without a restart: try again, slowly.
            log.warn("upload refused, will retry slowly path={} error=\"{}\"", job.path(), e.getMessage());
            queue.retryLater(job.id(), e.getMessage(), backoff.afterAccessError());
        } else if (e instanceof StoreException.InvalidRequest) {
            setAside(job, e.getMessage(), identity);
        } else {
            retry(job, e.getMessage());
        }
    }

    /**
     * Sets the job aside until its file changes from {@code identity} (null when no version could be
     * read: then the queue keeps the version the job was offered for).
     */
    private void setAside(Job job, String reason, FileIdentity identity) {
        log.warn("file set aside path={} reason=\"{}\"", job.path(), reason);
        queue.setAside(job.id(), reason, identity);
    }

    private void retry(Job job, String reason) {
        Duration delay = backoff.afterFailure(job.attempts() + 1);
        log.warn("upload failed, will retry path={} attempt={} in_ms={} reason=\"{}\"", job.path(), job.attempts() + 1,
                delay.toMillis(), reason);
        queue.retryLater(job.id(), reason, delay);
    }

}
