package io.ossync.daemon;

import io.ossync.state.SqlAction;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateDatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records finished small files many at a time: the workers hand over the ledger row and job end of
 * each verified single-object upload and go on to the next file; one thread commits what has
 * gathered, up to {@code maxGroup} files, in one transaction, then runs each file's after-commit
 * work (the in-memory index, metrics, the log line). A burst of small files thus costs one commit
 * per group instead of one per file.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Only verified objects are handed over (see {@code VerifiedHandoff}), so no file is ever
 *       recorded before its object is verified. A file's after-commit work runs only once its record
 *       committed.</li>
 *   <li>A group that fails to commit is retried file by file, so one bad record (e.g. a job no
 *       longer RUNNING) never keeps the others from being recorded; a file whose record is wrong
 *       gets its {@code notRecorded} callback (the job is retried); a file whose record the state
 *       database refuses (full, read-only) is tried again every few seconds until it takes.</li>
 *   <li>{@link #close()} commits everything handed over before it returns; a file handed over after
 *       it is committed at once, on the caller's thread.</li>
 *   <li>A crash (kill -9) loses what was handed over and not committed: those jobs are RUNNING at
 *       the next start, and each recovered job looks for its object before sending it again
 *       ({@code UploadRequest#lookFirst}), so a verified file is never uploaded twice.</li>
 * </ul>
 * After taking the first file of a group, the committer waits {@code linger} for more unless a full
 * group is waiting already: a few milliseconds of latency buy groups of dozens (20 ms: at the ~1,000
 * small files a second two workers reach, a group of about 20, so the commit's own cost, the WAL
 * pages it writes, is shared by that many files; a lone file waits 20 ms more beside a quiet
 * period of seconds).
 */
final class GroupCommitter implements AutoCloseable {

    /** One verified file to record. */
    record Finished(String path, SqlAction record, Runnable afterCommit, Consumer<RuntimeException> notRecorded) {
    }

    static final int MAX_GROUP = 128;
    static final Duration LINGER = Duration.ofMillis(20);
    private static final Duration POLL = Duration.ofMillis(200);
    static final Duration RETRY_PAUSE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    private final StateDatabase database;
    private final int maxGroup;
    private final Duration linger;
    private final BlockingQueue<Finished> waiting = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean open = true;
    /** Verified files whose record the state database refused ({@link #park}); guarded by itself. */
    private final List<Finished> unrecorded = new ArrayList<>();
    /** When the committer next tries {@link #unrecorded} again (System.nanoTime); guarded by {@link #unrecorded}. */
    private volatile long retryAfterNanos = System.nanoTime();

    GroupCommitter(StateDatabase database, int maxGroup, Duration linger) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("a group holds at least one file, not " + maxGroup);
        }
        this.database = database;
        this.maxGroup = maxGroup;
        this.linger = linger;
        this.thread = new Thread(this::run, "ossync-committer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Records {@code finished} with the next group (at once when this committer is closed). */
    void submit(Finished finished) {
        if (open) {
            waiting.add(finished);
            if (open || !waiting.remove(finished)) {
                return;
            }
        }
        commit(List.of(finished));
    }

    /**
     * Records {@code finished} now, in a transaction of its own on the caller's thread, then runs
     * its after-commit work. A failure is thrown to the caller, as for an upload the engine records.
     */
    void commitNow(Finished finished) {
        database.runInTransaction(finished.record());
        afterCommit(List.of(finished));
    }

    private void run() {
        while (open || !waiting.isEmpty()) {
            try {
                List<Finished> group = nextGroup();
                if (!group.isEmpty()) {
                    commit(group);
                }
                if (System.nanoTime() - retryAfterNanos >= 0) {
                    retryUnrecorded();
                }
            } catch (InterruptedException e) {
                // close() interrupts only to end the wait; what is waiting is committed by the loop.
            } catch (RuntimeException | Error e) {
                log.error("group commit failed unexpectedly, going on error=\"{}\"", e.toString(), e);
            }
        }
    }

    /**
     * The next group: the first file waiting, then, after the linger (one sleep, so the files that
     * arrive meanwhile cost no wake-up each), whatever is waiting, up to the maximum.
     */
    List<Finished> nextGroup() throws InterruptedException {
        Finished first = waiting.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Finished> group = new ArrayList<>();
        group.add(first);
        if (open && waiting.size() < maxGroup - 1 && !linger.isZero()) {
            try {
                Thread.sleep(linger.toMillis(), linger.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                // close(): the group is committed now, not dropped
            }
        }
        waiting.drainTo(group, maxGroup - group.size());
        return group;
    }

    /** Commits {@code group} in one transaction; on failure, each file on its own. */
    void commit(List<Finished> group) {
        try {
            database.runInTransaction(c -> {
                for (Finished f : group) {
                    f.record().run(c);
                }
            });
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                log.warn("group commit failed, recording its files one by one files={} error=\"{}\"", group.size(),
                        e.getMessage());
                group.forEach(f -> commit(List.of(f)));
            } else if (e instanceof StateDatabaseException) {
                park(group.get(0), e);
            } else {
                notRecorded(group.get(0), e);
            }
            return;
        }
        afterCommit(group);
    }

    private static void afterCommit(List<Finished> group) {
        for (Finished f : group) {
            try {
                f.afterCommit().run();
            } catch (RuntimeException e) {
                log.error("work after recording a file failed path={} error=\"{}\"", f.path(), e.toString(), e);
            }
        }
    }

    /**
     * The state database refused the record (full, read-only, gone): the object is verified, so the
     * record is tried again every {@link #RETRY_PAUSE} until it takes. Its job stays RUNNING meanwhile
     * (no other write would take either); a stop before then leaves it to the next start, which
     * finds the object and sends nothing.
     */
    private void park(Finished f, RuntimeException e) {
        synchronized (unrecorded) {
            if (unrecorded.isEmpty()) {
                log.warn("verified upload not recorded: the state database refuses writes, trying again every {} s "
                        + "path={} error=\"{}\"", RETRY_PAUSE.toSeconds(), f.path(), e.getMessage());
            }
            unrecorded.add(f);
            retryAfterNanos = System.nanoTime() + RETRY_PAUSE.toNanos();
        }
    }

    /** Tries again to record the files the state database refused; returns how many were waiting. */
    int retryUnrecorded() {
        List<Finished> again;
        synchronized (unrecorded) {
            again = new ArrayList<>(unrecorded);
            unrecorded.clear();
        }
        if (!again.isEmpty()) {
            commit(again);
        }
        return again.size();
    }

    private static void notRecorded(Finished f, RuntimeException e) {
        try {
            f.notRecorded().accept(e);
        } catch (RuntimeException again) {
            // Its job stays RUNNING: the next start recovers it (and finds its object first).
            again.addSuppressed(e);
            log.error("verified upload not recorded path={} error=\"{}\"", f.path(), again.toString());
        }
    }

    /** Commits everything handed over so far and stops the thread. */
    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Finished> left = new ArrayList<>();
        waiting.drainTo(left);   // when the thread never started
        if (!left.isEmpty()) {
            commit(left);
        }
        retryUnrecorded();
        synchronized (unrecorded) {
            if (!unrecorded.isEmpty()) {
                log.warn("verified uploads left unrecorded at stop, the next start finds their objects count={}",
                        unrecorded.size());
            }
        }
    }
}
