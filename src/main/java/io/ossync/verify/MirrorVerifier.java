package io.ossync.verify;

import io.ossync.config.InvalidObjectKeyException;
import io.ossync.daemon.WatchBinding;
import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.ledger.LedgerEntry;
import io.ossync.queue.Job;
import io.ossync.queue.JobQueue;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.StoreException;
import io.ossync.upload.LocalCrc;
import io.ossync.verify.Finding.Kind;
import io.ossync.watch.WatchedFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ossync verify}'s I/O: walks every watched folder as the daemon's scan does
 * ({@link WatchedFiles}, same filters, link policy and keys), looks each file up in the ledger (and
 * its job, when the ledger does not cover it), and HEADs the object of every file the ledger says is
 * uploaded, {@code concurrency} at a time; with {@code deep}, reads those files and computes their
 * CRC-64 too. The verdicts are {@link MirrorCheck}'s.
 *
 * <p>Why a HEAD per ledger row and no listing: a listing carries no CRC-64, and a replaced object of
 * the same size is exactly what must be caught; a HEAD per file the ledger claims is the one request
 * that answers both size and CRC-64 (pending files need none). Memory: one walk at a time, at most
 * {@code 2 x concurrency} files waiting for their HEAD, and the findings; nothing per mirrored file.
 *
 * <p>A watched folder that is missing or unreadable is an {@code unreadable} finding, as is a
 * folder inside one that could not be read.
 *
 * <p>Reads only: the state database is opened read-only by the caller (no lock, works beside the
 * daemon; rows written meanwhile may or may not be seen), the store is only HEADed. A transient
 * store error is tried three times; any other store error (no such bucket, access denied) ends the
 * verification with that error, since every further answer would be the same.
 */
public final class MirrorVerifier {

    private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMillis(200), Duration.ofSeconds(1));

    private final ObjectStore store;
    private final Ledger ledger;
    private final JobQueue jobs;
    private final MirrorCheck check;
    private final int concurrency;
    private final boolean deep;
    private final VerifyProgress progress;

    public MirrorVerifier(ObjectStore store, Ledger ledger, JobQueue jobs, String bucket, int concurrency, boolean deep,
                          VerifyProgress progress) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        this.store = store;
        this.ledger = ledger;
        this.jobs = jobs;
        this.check = new MirrorCheck(bucket);
        this.concurrency = concurrency;
        this.deep = deep;
        this.progress = progress;
    }

    /**
     * Verifies the watches' files.
     *
     * @throws StoreException       when the store refuses (after retries for transient errors)
     * @throws InterruptedException when interrupted; nothing is left running
     */
    public VerifyReport verify(List<WatchBinding> watches) throws InterruptedException {
        if (progress != VerifyProgress.NONE) {
            long[] totals = new long[2];
            for (WatchBinding w : watches) {
                try {
                    WatchedFiles.walk(w.root(), (relative, identity) -> {
                        totals[0]++;
                        totals[1] += identity.size();
                    });
                } catch (IOException e) {
                    // Reported by the walk that verifies.
                }
            }
            progress.started(totals[0], totals[1]);
        }
        Run run = new Run();
        ExecutorService heads = Executors.newFixedThreadPool(concurrency, MirrorVerifier::headThread);
        try {
            for (WatchBinding w : watches) {
                List<Path> unreadable;
                try {
                    unreadable = WatchedFiles.walk(w.root(), (relative, identity) -> run.file(w, relative, identity, heads));
                } catch (IOException e) {
                    run.found(new Finding(Kind.UNREADABLE, null, w.root().path(), e.getMessage()));
                    continue;
                }
                run.throwIfFailed();
                for (Path folder : unreadable) {
                    run.found(new Finding(Kind.UNREADABLE, null, w.root().resolve(folder),
                            "folder could not be read; its files were not verified"));
                }
            }
            run.awaitAll();
        } finally {
            heads.shutdownNow();
            heads.awaitTermination(10, TimeUnit.SECONDS);
        }
        run.throwIfFailed();
        return new VerifyReport(run.files.get(), run.complete.get(), run.findings);
    }

    private static Thread headThread(Runnable task) {
        Thread t = new Thread(task, "verify-head");
        t.setDaemon(true);
        return t;
    }

    /** The state of one verification: counts, findings, the HEADs in flight and the first fatal error. */
    private final class Run {
        final AtomicLong files = new AtomicLong();
        final AtomicLong complete = new AtomicLong();
        final List<Finding> findings = new ArrayList<>();
        final Semaphore waiting = new Semaphore(2 * concurrency);
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        void file(WatchBinding watch, Path relative, FileIdentity identity, ExecutorService heads) {
            if (failure.get() != null) {
                return;
            }
            files.incrementAndGet();
            Path path = watch.root().resolve(relative);
            LocalFile file;
            try {
                file = new LocalFile(path, identity, watch.keyFor(relative, identity), null);
            } catch (InvalidObjectKeyException e) {
                file = new LocalFile(path, identity, null, e.getMessage());
            }
            Optional<LedgerEntry> entry = ledger.get(path);
            if (!check.uploaded(file, entry)) {
                Optional<Job> job = jobs.job(path);
                judged(file, check.beforeObject(file, entry, job));
                return;
            }
            LocalFile f = file;
            LedgerEntry e = entry.get();
            waiting.acquireUninterruptibly();
            heads.execute(() -> {
                try {
                    judged(f, withObject(f, e));
                } catch (RuntimeException ex) {
                    failure.compareAndSet(null, ex);
                } finally {
                    waiting.release();
                }
            });
        }

        private Optional<Finding> withObject(LocalFile file, LedgerEntry entry) {
            Optional<ObjectInfo> object = head(entry.bucket(), entry.key());
            OptionalLong localCrc = OptionalLong.empty();
            if (deep && object.isPresent()) {
                try {
                    localCrc = LocalCrc.of(file.path(), 0, file.identity().size());
                } catch (IOException ex) {
                    return Optional.of(new Finding(Kind.UNREADABLE, entry.key(), file.path(),
                            "cannot read the file: " + ex));
                }
                if (localCrc.isEmpty()) {
                    return Optional.of(new Finding(Kind.PENDING, entry.key(), file.path(),
                            "the file shrank while verify read it"));
                }
            }
            return check.withObject(file, entry, object, localCrc);
        }

        private Optional<ObjectInfo> head(String bucket, String key) {
            for (int attempt = 0; ; attempt++) {
                try {
                    return store.headObject(bucket, key);
                } catch (StoreException.Transient e) {
                    if (attempt >= RETRY_DELAYS.size()) {
                        throw e;
                    }
                    try {
                        Thread.sleep(RETRY_DELAYS.get(attempt).toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        private void judged(LocalFile file, Optional<Finding> finding) {
            if (finding.isPresent()) {
                found(finding.get());
            } else {
                complete.incrementAndGet();
            }
            progress.checked(file.identity().size());
        }

        synchronized void found(Finding finding) {
            findings.add(finding);
        }

        void awaitAll() throws InterruptedException {
            waiting.acquire(2 * concurrency);
            waiting.release(2 * concurrency);
        }

        void throwIfFailed() {
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }
    }
}
