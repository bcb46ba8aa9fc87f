package io.ossync.resilience;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.checkpoint.Lookup;
import io.ossync.config.DaemonConfig;
import io.ossync.config.WatchConfig;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.MultipartUploadInfo;
import io.ossync.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Aborts the multipart uploads under ossync's prefixes that no checkpoint knows and that are older
 * than the orphan age: uploads a crash orphaned (killed between Initiate and recording its id) or
 * that another ossync state database left behind. Unfinished uploads are billed until aborted.
 *
 * <p>Assumptions: every upload ossync starts is under one of the prefixes (a watch's fixed key
 * prefix), and the checkpoint row of an upload exists before its Initiate is sent (an intent row)
 * and gets the upload id right after. An upload the state database does not name and that is
 * older than the orphan age (24 h by default) is therefore not one in progress here. Another
 * writer using the same prefixes would lose its uploads that are older than that: the prefixes
 * are ossync's.
 *
 * <p>Guarantees: uploads are listed before the checkpoints are read, so an upload whose id is
 * recorded while the sweep runs is known to it; an upload whose checkpoint row is corrupt but whose
 * upload id can be read is kept (the upload's own resume aborts it); if the checkpoints cannot be
 * read, nothing is aborted. Overlapping prefixes are listed once. {@link #run()} never throws: every
 * error is logged and the next run tries again. An empty prefix (a watch's prefix starting with a
 * template field) sweeps the whole bucket, as the configuration says; that is logged.
 */
public final class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final ObjectStore store;
    private final CheckpointStore checkpoints;
    private final String bucket;
    private final List<String> prefixes;
    private final Duration orphanAge;
    private final Clock clock;

    public OrphanSweep(ObjectStore store, CheckpointStore checkpoints, String bucket, List<String> prefixes,
                       Duration orphanAge, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefixes = SweepPrefixes.covering(prefixes);
        this.orphanAge = Objects.requireNonNull(orphanAge, "orphanAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (orphanAge.isNegative()) {
            throw new IllegalArgumentException("orphan age cannot be negative: " + orphanAge);
        }
        if (this.prefixes.isEmpty()) {
            throw new IllegalArgumentException("orphan sweep needs at least one prefix");
        }
    }

    /** The sweep of the configured bucket under every watch's fixed key prefix. */
    public static OrphanSweep of(DaemonConfig config, ObjectStore store, CheckpointStore checkpoints, Clock clock) {
        List<String> prefixes = config.watches().stream().map(WatchConfig::prefix).map(p -> p.fixedPrefix()).toList();
        return new OrphanSweep(store, checkpoints, config.target().bucket(), prefixes, config.orphanAge(), clock);
    }

    /** The prefixes it lists: the given ones without duplicates and overlaps. */
    public List<String> prefixes() {
        return prefixes;
    }

    /** One sweep; never throws. */
    public SweepReport run() {
        long started = System.nanoTime();
        if (prefixes.get(0).isEmpty()) {
            log.info("orphan sweep covers the whole bucket bucket={} reason=\"a watch prefix starts with a template "
                    + "field\"", bucket);
        }
        List<MultipartUploadInfo> uploads = new ArrayList<>();
        boolean complete = listAll(uploads);
        Set<String> known;
        try {
            known = knownUploadIds();
        } catch (RuntimeException e) {
            log.warn("orphan sweep skipped: checkpoints unreadable bucket={} error=\"{}\"", bucket, e.toString());
            return done(new SweepReport(uploads.size(), 0, 0, 0, 0, false), started);
        }
        Instant now = clock.instant();
        int knownCount = 0;
        int tooYoung = 0;
        int aborted = 0;
        int failed = 0;
        for (MultipartUploadInfo u : uploads) {
            if (known.contains(u.uploadId())) {
                knownCount++;
            } else if (u.initiated() == null || Duration.between(u.initiated(), now).compareTo(orphanAge) <= 0) {
                tooYoung++;
            } else if (abort(u, Duration.between(u.initiated(), now))) {
                aborted++;
            } else {
                failed++;
            }
        }
        return done(new SweepReport(uploads.size(), knownCount, tooYoung, aborted, failed, complete), started);
    }

    /**
     * A task that runs the sweep and lets nothing escape, so a scheduled executor never drops it
     * after an error.
     */
    public Runnable task() {
        return () -> {
            try {
                run();
            } catch (RuntimeException | Error e) {
                // run() handles the errors it expects; this is the last net for a scheduled task.
                log.error("orphan sweep failed unexpectedly bucket={}", bucket, e);
            }
        };
    }

    /** Runs the sweep on {@code executor} now and then every {@code interval} after each run ends. */
    public ScheduledFuture<?> scheduleOn(ScheduledExecutorService executor, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("orphan sweep interval must be positive: " + interval);
        }
        return executor.scheduleWithFixedDelay(task(), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lists every prefix into {@code out}; false when a listing failed. */
    private boolean listAll(List<MultipartUploadInfo> out) {
        boolean complete = true;
        for (String prefix : prefixes) {
            try {
                out.addAll(store.listMultipartUploads(bucket, prefix));
            } catch (StoreException e) {
                log.warn("orphan sweep could not list uploads bucket={} prefix=\"{}\" error=\"{}\"", bucket, prefix,
                        e.getMessage());
                complete = false;
            }
        }
        return complete;
    }

    private Set<String> knownUploadIds() {
        Set<String> ids = new HashSet<>();
        for (Lookup l : checkpoints.all()) {
            if (l instanceof Lookup.Found f && f.checkpoint().uploadId() != null) {
                ids.add(f.checkpoint().uploadId());
            } else if (l instanceof Lookup.Corrupt c) {
                c.uploadId().ifPresent(ids::add);
            }
        }
        return ids;
    }

    private boolean abort(MultipartUploadInfo u, Duration age) {
        try {
            store.abortMultipartUpload(u.ref());
            log.info("orphan upload aborted bucket={} key={} upload_id={} initiated={} age_s={}", bucket, u.key(),
                    u.uploadId(), u.initiated(), age.toSeconds());
            return true;
        } catch (StoreException.UploadGone gone) {
            log.info("orphan upload already gone bucket={} key={} upload_id={}", bucket, u.key(), u.uploadId());
            return true;
        } catch (StoreException e) {
            log.warn("orphan upload not aborted, next sweep retries bucket={} key={} upload_id={} error=\"{}\"",
                    bucket, u.key(), u.uploadId(), e.getMessage());
            return false;
        }
    }

    private SweepReport done(SweepReport r, long startedNanos) {
        log.info("orphan sweep done bucket={} prefixes={} listed={} known={} too_young={} aborted={} failed={} "
                        + "complete={} ms={}", bucket, prefixes.size(), r.listed(), r.known(), r.tooYoung(), r.aborted(),
                r.failed(), r.complete(), (System.nanoTime() - startedNanos) / 1_000_000);
        return r;
    }
}
