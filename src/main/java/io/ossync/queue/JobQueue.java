package io.ossync.queue;

import io.ossync.files.FileIdentity;
import io.ossync.state.StateDatabase;
import io.ossync.util.StoredPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The durable queue of jobs (table {@code jobs} of the state database): what the workers have to
 * upload or delete, one job per local path.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Every method is one short transaction, committed when it returns; {@link #done(Connection, long)}
 *       joins the caller's instead (the upload's final one), so the job goes if and only if the
 *       ledger row and checkpoint deletion commit.</li>
 *   <li>At most one job per path. {@link #enqueue} of a path with a PENDING or SET_ASIDE job
 *       replaces its kind and resets its attempts (a due job keeps its place in line, one backing
 *       off or set aside becomes due now), except that a SET_ASIDE job waits for its file to change:
 *       an upload offered for the very version it was set aside for (same size, mtime and file key,
 *       see {@link JobRequest#identity}) changes nothing and records no failure. A version unknown
 *       on either side revives it. An enqueue while the job is RUNNING is kept as a
 *       re-run: when the run ends (done, retry, set aside, release or crash) the job becomes
 *       PENDING again with the kind of the latest enqueue, due now, attempts reset, because the
 *       file changed while it was being worked on.</li>
 *   <li>{@link #claim} hands a job to exactly one worker: the due PENDING job with the earliest
 *       not-before time (then the first created) turns RUNNING in the same transaction;
 *       {@link #claim(int)} hands out several in that order, in one transaction.</li>
 *   <li>Jobs survive restarts; a RUNNING job left by a crash runs again after {@link #recoverRunning}.</li>
 *   <li>{@link #awaitWork} returns within milliseconds of an enqueue in this process.</li>
 * </ul>
 * Each job names its watch by the watch folder's absolute, normalised path, which survives
 * reordering the configuration; the daemon resolves it when a job is claimed and, at start, drops
 * the jobs of watches no longer configured ({@link #watches}, {@link #dropJobsOf}).
 * Paths are stored absolute and normalised (not resolved: links are not followed), as the
 * checkpoint store does. Ids are never reused. Thread-safe: the {@link StateDatabase} runs one
 * transaction at a time.
 *
 * <p>Assumptions: only this process writes the queue (it holds the state lock); {@code done},
 * {@code retryLater}, {@code setAside} and {@code release} are called once per claim, by the
 * worker that claimed the job. Calling them for a job that is not RUNNING is a bug and throws.
 */
public final class JobQueue {

    /** How many (file, reason) rows the failure history keeps for status: the newest. */
    public static final int FAILURE_HISTORY = 100;

    /** The start of the reason a job is set aside for when its path cannot be represented here. */
    public static final String UNREPRESENTABLE = "file name cannot be represented in this JVM's file-name encoding ";

    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

    private final StateDatabase database;
    private final Clock clock;
    private final WorkSignal signal = new WorkSignal();
    /** Ids of the jobs {@link #recoverRunning} found RUNNING and that have not run since. */
    private final Set<Long> recovered = ConcurrentHashMap.newKeySet();

    public JobQueue(StateDatabase database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds a job for {@code path}, or folds it into the path's job (see the class comment). */
    public void enqueue(Path path, Path watch, JobKind kind) {
        enqueueAll(List.of(new JobRequest(path, watch, kind)));
    }

    /**
     * {@link #enqueue} of every request, in order, in one transaction (e.g. the start-up scan):
     * all or none. A path given twice ends with the later request.
     */
    public void enqueueAll(List<JobRequest> requests) {
        if (requests.isEmpty()) {
            return;
        }
        long now = clock.millis();
        int unchanged = database.inTransaction(c -> {
            int waiting = 0;
            try (JobsTable.Enqueuer enqueuer = new JobsTable.Enqueuer(c)) {
                for (JobRequest request : requests) {
                    if (!enqueuer.enqueue(normalise(request.path()), request.watch().toString(), request.kind(),
                            request.identity(), now)) {
                        waiting++;
                    }
                }
            }
            return waiting;
        });
        if (unchanged > 0) {
            log.debug("set-aside jobs left waiting: file unchanged count={}", unchanged);
        }
        if (unchanged == requests.size()) {
            return;
        }
        if (requests.size() == 1) {
            log.debug("job enqueued path={} kind={} watch={}", requests.get(0).path(), requests.get(0).kind(),
                    requests.get(0).watch());
            signal.signalOne();
        } else {
            log.debug("jobs enqueued count={}", requests.size());
            signal.signalAll();
        }
    }

    /**
     * The oldest due PENDING job, now RUNNING and the caller's; empty when none is due. A job whose
     * path this JVM cannot represent (its file-name encoding is not UTF-8) is set aside on the way
     * and the next one claimed: no worker could ever open that file, and it must not block the others.
     */
    public Optional<Job> claim() {
        return claim(1).stream().findFirst();
    }

    /**
     * Up to {@code max} due PENDING jobs, oldest first (the order {@link #claim()} would hand them
     * out one by one), all RUNNING and the caller's in one transaction: a burst of small files costs
     * one claim transaction per batch, not per file. The caller must run or {@link #release} each;
     * the ones a crash leaves claimed are RUNNING at the next start, for {@link #recoverRunning}.
     */
    public List<Job> claim(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("claim at least one job, not " + max);
        }
        long now = clock.millis();
        return database.inTransaction(c -> {
            List<Job> claimed = new ArrayList<>();
            List<JobsTable.Row> rows;
            // A job set aside on the way leaves a gap in the batch: look again for what is left.
            while (claimed.size() < max && !(rows = JobsTable.oldestDue(c, now, max - claimed.size())).isEmpty()) {
                for (JobsTable.Row row : rows) {
                    try {
                        Job job = row.toJob(JobState.RUNNING);
                        JobsTable.setState(c, row.id(), JobState.RUNNING);
                        claimed.add(job);
                    } catch (InvalidPathException e) {
                        setAsideUnrepresentable(c, row, now);
                    }
                }
            }
            return claimed;
        });
    }

    /**
     * Sets aside a job whose path cannot be a {@link Path} here, keeping the version it was offered
     * for, so a rescan offering the same version leaves it alone. No failure-history row: that
     * history keeps {@link Path}s, which this path cannot be.
     */
    private static void setAsideUnrepresentable(Connection c, JobsTable.Row row, long nowMillis) throws SQLException {
        String reason = UNREPRESENTABLE + StoredPaths.fileNameEncodingName() + ": set LANG=C.UTF-8";
        JobsTable.recordFailure(c, row.id(), JobState.SET_ASIDE, reason, nowMillis);
        log.warn("job set aside path={} kind={} reason=\"{}\"", row.localPath(), row.kind(), reason);
    }

    /** The job succeeded: it goes, unless a re-run was asked for meanwhile. */
    public void done(long id) {
        database.runInTransaction(c -> done(c, id));
    }

    /**
     * {@link #done(long)} inside the caller's transaction (from {@link StateDatabase#inTransaction}):
     * it takes effect only if that transaction commits.
     */
    public void done(Connection transaction, long id) throws SQLException {
        // Most runs end without a re-run asked for: one DELETE, no read of the row. Otherwise (a
        // re-run to queue, or a job not RUNNING, which is an error) the full check below.
        if (!JobsTable.deleteRunningWithoutRerun(transaction, id)) {
            endRun(transaction, id, "done", false, row -> JobsTable.delete(transaction, id));
        }
        recovered.remove(id);   // ids are never reused; a rollback only costs a later run its look first
    }

    /**
     * The attempt failed and may succeed later: PENDING again, one more attempt counted, not
     * claimed before {@code backoff} has passed. Recorded in the failure history.
     */
    public void retryLater(long id, String reason, Duration backoff) {
        Objects.requireNonNull(reason, "reason");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("back-off cannot be negative: " + backoff);
        }
        database.runInTransaction(c -> fail(c, id, reason, JobState.PENDING, backoff, null));
    }

    /**
     * The job is given up on until its file changes: SET_ASIDE with its reason (listed by
     * {@link #setAside()}), one more attempt counted, recorded in the failure history. An
     * {@link #enqueue} of its path brings it back unless it offers the version it was set aside for.
     *
     * @param identity the version of the file the attempt read, or null when none could be read: then
     *                 the job keeps the version it was last offered for (unknown if none was given)
     */
    public void setAside(long id, String reason, FileIdentity identity) {
        Objects.requireNonNull(reason, "reason");
        database.runInTransaction(c -> fail(c, id, reason, JobState.SET_ASIDE, Duration.ZERO, identity));
    }

    /** {@link #setAside(long, String, FileIdentity)} without a version read. */
    public void setAside(long id, String reason) {
        setAside(id, reason, null);
    }

    /**
     * At start under a UTF-8 file-name encoding: drops the jobs an earlier run set aside because it
     * could not represent their paths. Their text is that run's lossy decoding (U+FFFD for each byte
     * it could not decode) and names no file; the start scan finds the files under their real names.
     * Returns how many.
     */
    public int dropUnrepresentable() {
        return database.inTransaction(c -> JobsTable.deleteSetAsideFor(c, UNREPRESENTABLE));
    }

    /** Gives a claimed job back without counting an attempt (e.g. at shutdown); it keeps its place. */
    public void release(long id) {
        database.runInTransaction(c -> endRun(c, id, "released", true,
                row -> JobsTable.setState(c, id, JobState.PENDING)));
    }

    /**
     * Gives a claimed job back to be run again after {@code delay}, without counting an attempt or
     * recording a failure: the job waits for another one to go first (see {@link #uploadOfFileWaits}).
     */
    public void postpone(long id, String why, Duration delay) {
        long notBefore = clock.millis() + delay.toMillis();
        database.runInTransaction(c -> endRun(c, id, "postponed", true, row -> JobsTable.postpone(c, id, notBefore)));
        log.debug("job postponed id={} in_ms={} why=\"{}\"", id, delay.toMillis(), why);
    }

    /**
     * True when an upload of another path than {@code except}, waiting or running, was offered for
     * a version of the file with {@code fileKey} (device and inode): a file renamed away (and maybe
     * grown since) whose copy needs the object of its old path. That object must not be replaced or
     * deleted before the copy is made.
     */
    public boolean uploadOfFileWaits(String fileKey, Path except) {
        return database.read(c -> JobsTable.uploadOfFileWaits(c, fileKey, normalise(except)));
    }

    /**
     * The file keys of the versions offered by the uploads waiting or running for paths outside
     * {@code path} (not it, not below it): one read for a DELETE of a folder, whatever the number
     * of files it held.
     */
    public Set<String> uploadFileKeysWaitingOutside(Path path) {
        Path gone = path.toAbsolutePath().normalize();
        return database.read(JobsTable::uploadFileKeysWaiting).entrySet().stream()
                .filter(e -> !Path.of(e.getKey()).startsWith(gone))
                .map(Map.Entry::getValue)
                .collect(Collectors.toSet());
    }

    /**
     * True when an upload of another path than {@code except}, waiting or running, was offered for a
     * version of exactly {@code size} bytes: maybe a copy of the object of that size ({@code cp},
     * logrotate's {@code copytruncate}), which the server can copy only while that object is there.
     */
    public boolean uploadOfSizeWaits(long size, Path except) {
        return database.read(c -> JobsTable.uploadOfSizeWaits(c, size, normalise(except)));
    }

    /**
     * The paths whose DELETE job waits or runs: their deletion is decided already (a later scan
     * that still misses them is no new evidence, see {@code JobIntake}).
     */
    public Set<Path> deletesUnderWay() {
        return database.read(JobsTable::deletesUnderWay).stream().map(Path::of).collect(Collectors.toSet());
    }

    /**
     * At start, before any worker claims: every job left RUNNING by a crash becomes PENDING again
     * (re-runs applied), without counting an attempt.
     *
     * @return how many jobs were RUNNING
     */
    public int recoverRunning() {
        Set<Long> ids = database.inTransaction(c -> {
            Set<Long> running = JobsTable.idsInState(c, JobState.RUNNING);
            JobsTable.releaseAllRunning(c, clock.millis());
            return running;
        });
        recovered.addAll(ids);
        int count = ids.size();
        if (count > 0) {
            log.info("jobs recovered after an unclean stop count={}", count);
            signal.signalAll();
        }
        return count;
    }

    /**
     * True for a job that {@link #recoverRunning} found RUNNING, until it is done: a crash
     * interrupted its run, maybe after its object was sent and verified but before that was
     * recorded (see {@code UploadRequest#lookFirst}). Bounded by the jobs running at the crash.
     */
    public boolean wasRecovered(long id) {
        return !recovered.isEmpty() && recovered.contains(id);
    }

    /**
     * Drops the job of {@code path} (e.g. the file was deleted before its upload): a PENDING or
     * SET_ASIDE job goes; a RUNNING one stays (its worker finds out) but loses its re-run.
     *
     * @return true when a job or a re-run was dropped
     */
    public boolean cancel(Path path) {
        return database.inTransaction(c -> JobsTable.cancel(c, normalise(path)));
    }

    /** The job of {@code path}, if any. */
    public Optional<Job> job(Path path) {
        return database.read(c -> JobsTable.byPath(c, normalise(path))).map(JobsTable.Row::toJob);
    }

    /**
     * At start, for jobs carried over from schema 2 (which have no watch): gives those whose path is
     * {@code folder} or lies under it that watch. Watches never overlap, so each job gets at most one.
     *
     * @return how many jobs got the watch
     */
    public int assignWatch(Path folder) {
        return database.inTransaction(c -> JobsTable.assignWatch(c, normalise(folder)));
    }

    /** The watch folders that jobs name, each once, in path order; jobs without one are left out. */
    public List<Path> watches() {
        return database.read(JobsTable::watchPaths).stream().map(Path::of).toList();
    }

    /**
     * At start, before any worker claims: deletes every job of {@code watch} in any state (the watch
     * is no longer configured). No failure is recorded: nothing failed.
     *
     * @return how many jobs went
     */
    public int dropJobsOf(Path watch) {
        return database.inTransaction(c -> JobsTable.deleteOfWatch(c, normalise(watch)));
    }

    /** As {@link #dropJobsOf}, for the jobs that name no watch (schema 2 jobs no configured watch holds). */
    public int dropJobsWithoutWatch() {
        return database.inTransaction(c -> JobsTable.deleteOfWatch(c, null));
    }

    /** PENDING plus RUNNING jobs. */
    public long depth() {
        return database.read(JobsTable::depth);
    }

    /** How many jobs are in each state, every state present (0 when it has none); for status. */
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        counts.putAll(database.read(JobsTable::countByState));
        return Collections.unmodifiableMap(counts);
    }

    /** When the next PENDING job becomes due (possibly in the past: due now); empty when none is pending. */
    public Optional<Instant> nextDue() {
        return database.read(JobsTable::earliestNotBefore).map(Instant::ofEpochMilli);
    }

    /** How long the oldest PENDING job has waited since it was enqueued; empty when none is pending. */
    public Optional<Duration> oldestPendingAge() {
        Instant now = clock.instant();
        return database.read(JobsTable::earliestPendingEnqueue)
                .map(millis -> Duration.between(Instant.ofEpochMilli(millis), now))
                .map(age -> age.isNegative() ? Duration.ZERO : age);
    }

    /** The jobs set aside, oldest first, each with its reason. */
    public List<Job> setAside() {
        return database.read(c -> JobsTable.inState(c, JobState.SET_ASIDE)).stream().map(JobsTable.Row::toListedJob)
                .toList();
    }

    /**
     * The latest failures, newest first, at most {@code n}: one per file and reason, counted (the
     * history keeps {@value #FAILURE_HISTORY}).
     */
    public List<Failure> recentFailures(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("number of failures cannot be negative: " + n);
        }
        return database.read(c -> FailuresTable.newest(c, n));
    }

    /**
     * Waits until a job may be due: returns at once if one is due, within milliseconds of an
     * {@link #enqueue} (or another change that makes a job PENDING) in this process, when the next
     * PENDING job becomes due by the clock, or after {@code max}. A return promises nothing: the
     * caller claims and, finding nothing, waits again.
     */
    public void awaitWork(Duration max) throws InterruptedException {
        long seen = signal.signals();
        Duration wait = nextDue().map(due -> Duration.between(clock.instant(), due))
                .filter(untilDue -> untilDue.compareTo(max) < 0)
                .orElse(max);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        signal.await(seen, wait);
    }

    /**
     * Makes every PENDING job that waits out its back-off due now, attempts kept (e.g. the jobs
     * refused for want of credentials, once credentials are back); returns how many.
     */
    public int retryWaitingNow() {
        int count = database.inTransaction(c -> JobsTable.dueNow(c, clock.millis()));
        if (count > 0) {
            signal.signalAll();
        }
        return count;
    }

    /** Makes every {@link #awaitWork} return now (e.g. at shutdown). */
    public void wakeAll() {
        signal.signalAll();
    }

    /**
     * Records a failed attempt of a RUNNING job: {@code next} state, not before now + {@code backoff},
     * and the version of the file the attempt read when known.
     */
    private void fail(Connection c, long id, String reason, JobState next, Duration backoff, FileIdentity identity)
            throws SQLException {
        Instant now = clock.instant();
        boolean retry = next == JobState.PENDING;
        JobsTable.Row row = endRun(c, id, retry ? "retried later" : "set aside", retry, r -> {
            JobsTable.recordFailure(c, id, next, reason, now.plus(backoff).toEpochMilli());
            if (identity != null) {
                JobsTable.recordVersion(c, id, identity);
            }
        });
        FailuresTable.record(c, new Failure(Path.of(row.localPath()), row.kind(),
                row.attempts() + 1, reason, now, next == JobState.SET_ASIDE), FAILURE_HISTORY);
        log.debug("job failed id={} path={} kind={} attempts={} next={} backoff={} reason={}", id, row.localPath(),
                row.kind(), row.attempts() + 1, next, backoff, reason);
    }

    /**
     * Ends the run of RUNNING job {@code id}: a re-run asked for meanwhile makes it a fresh PENDING
     * job; otherwise {@code end} decides. When the job is PENDING afterwards a waiting worker is
     * woken to look again (it reads the queue after this transaction commits: the database lock).
     */
    private JobsTable.Row endRun(Connection c, long id, String verb, boolean pendingAfter, RunEnd end)
            throws SQLException {
        Optional<JobsTable.Row> found = JobsTable.byId(c, id);
        if (found.isEmpty() || found.get().state() != JobState.RUNNING) {
            throw new IllegalStateException("job " + id + " cannot be " + verb + ": it is "
                    + found.map(r -> r.state() + " (" + r.localPath() + ")").orElse("not in the queue")
                    + ", not RUNNING");
        }
        JobsTable.Row row = found.get();
        if (row.rerunRequested()) {
            JobsTable.requeueRerun(c, id, clock.millis());
            log.debug("job re-queued id={} path={} kind={} after={}", id, row.localPath(), row.rerunKind(), verb);
        } else {
            end.apply(row);
        }
        if (row.rerunRequested() || pendingAfter) {
            signal.signalOne();
        }
        return row;
    }

    /** What ends a run when no re-run was asked for. */
    @FunctionalInterface
    private interface RunEnd {
        void apply(JobsTable.Row row) throws SQLException;
    }

    private static String normalise(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
