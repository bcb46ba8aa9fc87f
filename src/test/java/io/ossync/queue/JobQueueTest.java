package io.ossync.queue;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.checkpoint.Lookup;
import io.ossync.files.FileIdentity;
import io.ossync.state.Migrations;
import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.ossync.state.SqliteFiles.execute;
import static io.ossync.state.SqliteFiles.queryLong;
import static io.ossync.state.SqliteFiles.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:30:00Z");
    private static final Path OTHER_WATCH = Path.of("/data/other");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path dir;
    Path dbFile;
    MutableClock clock = new MutableClock(T0);
    StateDatabase db;
    JobQueue queue;

    @BeforeEach
    void open() {
        dbFile = state.file();
        db = state.database();
        queue = new JobQueue(db, clock);
    }

    private Path file(String name) {
        return watch().resolve(name);
    }

    /** The watch folder the files are in: what a job names its watch by. */
    private Path watch() {
        return dir.resolve("watched");
    }

    private Job claimed() {
        return queue.claim().orElseThrow(() -> new AssertionError("no job was due"));
    }

    private void later(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    @Test
    void tenEnqueuesOfOnePathMakeOneJobOfTheLatestKind() throws Exception {
        for (int i = 0; i < 10; i++) {
            queue.enqueue(file("a.bin"), watch(), i % 2 == 0 ? JobKind.UPLOAD : JobKind.DELETE);
            later(10);
        }
        queue.enqueue(dir.resolve("watched/./sub/../a.bin"), watch(), JobKind.UPLOAD);

        assertThat(queryLong(dbFile, "SELECT count(*) FROM jobs")).isEqualTo(1);
        assertThat(queue.depth()).isEqualTo(1);
        Job job = claimed();
        assertThat(job.path()).isEqualTo(file("a.bin"));
        assertThat(job.kind()).isEqualTo(JobKind.UPLOAD);
        assertThat(job.enqueuedAt()).as("coalescing keeps the first enqueue time").isEqualTo(T0);
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(queue.claim()).isEmpty();
    }

    /**
     * A stored path this JVM cannot turn into a Path (under LANG unset: any non-ASCII name; here a
     * NUL, which no encoding accepts) is set aside on the way, and the claim moves on to the next job.
     */
    @Test
    void claimSetsAsideAPathThatCannotBeAPathAndTakesTheNextJob() throws Exception {
        queue.enqueue(file("bad"), watch(), JobKind.UPLOAD);
        later(1);
        queue.enqueue(file("good"), watch(), JobKind.UPLOAD);
        execute(dbFile, "UPDATE jobs SET local_path = local_path || char(0) || 'x' WHERE local_path LIKE '%/bad'");

        assertThat(claimed().path()).isEqualTo(file("good"));

        assertThat(queryString(dbFile, "SELECT state FROM jobs WHERE local_path LIKE '%bad%'")).isEqualTo("SET_ASIDE");
        assertThat(queue.setAside()).singleElement().satisfies(j -> {
            assertThat(j.path().toString()).startsWith(file("bad").toString()).endsWith("?x");
            assertThat(j.lastError()).startsWith("file name cannot be represented in this JVM's file-name encoding ")
                    .endsWith(": set LANG=C.UTF-8");
        });
        assertThat(queue.claim()).isEmpty();
    }

    /** Under UTF-8 at the next start, only the jobs set aside for an unrepresentable path go. */
    @Test
    void dropUnrepresentableDeletesOnlyTheJobsSetAsideForThatReason() throws Exception {
        queue.enqueue(file("bad"), watch(), JobKind.UPLOAD);
        execute(dbFile, "UPDATE jobs SET local_path = local_path || char(0)");
        assertThat(queue.claim()).isEmpty();
        queue.enqueue(file("other"), watch(), JobKind.UPLOAD);
        queue.setAside(claimed().id(), "cannot read: denied");

        assertThat(queue.dropUnrepresentable()).isEqualTo(1);
        assertThat(queue.setAside()).singleElement().satisfies(j -> assertThat(j.path()).isEqualTo(file("other")));
        assertThat(queue.dropUnrepresentable()).isZero();
    }

    @Test
    void claimTakesTheOldestDueJobFirstAndEachOnce() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        later(5);
        queue.enqueue(file("b"), watch(), JobKind.DELETE);
        later(5);
        queue.enqueue(file("c"), watch(), JobKind.UPLOAD);
        later(5);
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);

        assertThat(List.of(claimed(), claimed(), claimed())).extracting(Job::path)
                .containsExactly(file("a"), file("b"), file("c"));
        assertThat(queue.claim()).isEmpty();
        assertThat(queue.depth()).isEqualTo(3);
    }

    @Test
    void jobsEnqueuedInTheSameMillisecondComeOutInEnqueueOrder() {
        queue.enqueueAll(IntStream.range(0, 50).mapToObj(i -> JobRequest.upload(file("f" + i), watch())).toList());

        List<Path> order = new ArrayList<>();
        for (Optional<Job> job = queue.claim(); job.isPresent(); job = queue.claim()) {
            order.add(job.get().path());
        }
        assertThat(order).containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> file("f" + i)).toList());
    }

    @Test
    void retryLaterCountsAnAttemptAndHoldsTheJobBackUntilTheBackOffPassed() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        queue.enqueue(file("b"), watch(), JobKind.UPLOAD);
        Job a = claimed();

        queue.retryLater(a.id(), "connection reset", Duration.ofSeconds(4));

        assertThat(claimed().path()).isEqualTo(file("b"));
        assertThat(queue.claim()).as("a backs off").isEmpty();
        assertThat(queue.nextDue()).contains(T0.plusSeconds(4));
        later(3_999);
        assertThat(queue.claim()).isEmpty();
        later(1);
        Job again = claimed();
        assertThat(again.id()).isEqualTo(a.id());
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("connection reset");
        assertThat(again.notBefore()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void enqueueOfABackedOffJobMakesItDueNowWithAttemptsReset() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        queue.retryLater(claimed().id(), "timeout", Duration.ofMinutes(5));
        queue.retryLater(waitAndClaim(Duration.ofMinutes(5)).id(), "timeout", Duration.ofMinutes(5));
        assertThat(queue.job(file("a")).orElseThrow().attempts()).isEqualTo(2);

        later(1_000);
        queue.enqueue(file("a"), OTHER_WATCH, JobKind.UPLOAD);

        Job job = claimed();
        assertThat(job.attempts()).isZero();
        assertThat(job.lastError()).isNull();
        assertThat(job.watch()).isEqualTo(OTHER_WATCH);
        assertThat(job.notBefore()).isEqualTo(clock.instant());
    }

    @Test
    void retryWaitingNowMakesBackedOffJobsDueAndKeepsTheirAttempts() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        queue.enqueue(file("b"), watch(), JobKind.UPLOAD);
        queue.retryLater(claimed().id(), "NoCredentials", Duration.ofMinutes(5));
        Job running = claimed();
        assertThat(queue.claim()).isEmpty();

        assertThat(queue.retryWaitingNow()).isEqualTo(1);

        Job again = claimed();
        assertThat(again.path()).isEqualTo(file("a"));
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("NoCredentials");
        queue.done(running.id());
        assertThat(queue.retryWaitingNow()).as("nothing waits").isZero();
    }

    private Job waitAndClaim(Duration wait) {
        clock.advance(wait);
        return claimed();
    }

    @Test
    void enqueueOfADueJobKeepsItsPlaceInLine() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        later(10);
        queue.enqueue(file("b"), watch(), JobKind.UPLOAD);
        later(10);
        queue.enqueue(file("a"), watch(), JobKind.DELETE);

        Job first = claimed();
        assertThat(first.path()).isEqualTo(file("a"));
        assertThat(first.kind()).isEqualTo(JobKind.DELETE);
        assertThat(first.notBefore()).isEqualTo(T0);
    }

    @Test
    void setAsideJobIsListedNotClaimedAndComesBackOnANewEnqueue() throws Exception {
        queue.enqueue(file("locked.bin"), watch(), JobKind.UPLOAD);
        Job job = claimed();
        later(2_000);

        queue.setAside(job.id(), "permission denied");

        assertThat(queue.claim()).isEmpty();
        assertThat(queue.depth()).isZero();
        assertThat(queue.nextDue()).isEmpty();
        assertThat(queue.setAside()).singleElement().satisfies(j -> {
            assertThat(j.path()).isEqualTo(file("locked.bin"));
            assertThat(j.state()).isEqualTo(JobState.SET_ASIDE);
            assertThat(j.lastError()).isEqualTo("permission denied");
            assertThat(j.attempts()).isEqualTo(1);
        });
        assertThat(queue.recentFailures(10)).singleElement()
                .isEqualTo(new Failure(file("locked.bin"), JobKind.UPLOAD, 1, "permission denied",
                        T0.plusSeconds(2), true));

        later(60_000);
        queue.enqueue(file("locked.bin"), watch(), JobKind.UPLOAD);

        assertThat(queue.setAside()).isEmpty();
        Job revived = claimed();
        assertThat(revived.id()).isEqualTo(job.id());
        assertThat(revived.attempts()).isZero();
        assertThat(revived.enqueuedAt()).isEqualTo(T0.plusSeconds(62));
        assertThat(queryString(dbFile, "SELECT state FROM jobs")).isEqualTo("RUNNING");
    }

    @Test
    void enqueueWhileRunningIsKeptAsARerunThatDoneTurnsIntoAFreshJob() throws Exception {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        Job running = claimed();

        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        queue.enqueue(file("a"), OTHER_WATCH, JobKind.DELETE);

        assertThat(queue.claim()).as("one job per path: the running one").isEmpty();
        assertThat(queryLong(dbFile, "SELECT count(*) FROM jobs")).isEqualTo(1);
        assertThat(queue.job(file("a")).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        later(500);
        queue.done(running.id());

        Job rerun = claimed();
        assertThat(rerun.id()).isEqualTo(running.id());
        assertThat(rerun.kind()).isEqualTo(JobKind.DELETE);
        assertThat(rerun.watch()).as("a re-run keeps its job's watch").isEqualTo(watch());
        assertThat(rerun.enqueuedAt()).isEqualTo(T0.plusMillis(500));
        queue.done(rerun.id());
        assertThat(queue.job(file("a"))).isEmpty();
        assertThat(queryLong(dbFile, "SELECT count(*) FROM jobs")).isZero();
    }

    @Test
    void aRerunAlsoFollowsRetrySetAsideAndRelease() {
        for (String end : List.of("retry", "set aside", "release")) {
            Path path = file(end);
            queue.enqueue(path, watch(), JobKind.UPLOAD);
            Job job = claimed();
            queue.enqueue(path, watch(), JobKind.UPLOAD);
            switch (end) {
                case "retry" -> queue.retryLater(job.id(), "file changed", Duration.ofMinutes(1));
                case "set aside" -> queue.setAside(job.id(), "file changed");
                default -> queue.release(job.id());
            }
            Job rerun = claimed();
            assertThat(rerun.path()).as(end).isEqualTo(path);
            assertThat(rerun.attempts()).as(end).isZero();
            queue.done(rerun.id());
        }
        assertThat(queue.depth()).isZero();
        assertThat(queue.setAside()).isEmpty();
        assertThat(queue.recentFailures(10)).extracting(Failure::path).containsExactly(file("set aside"), file("retry"));
    }

    @Test
    void releaseGivesTheJobBackWithoutCountingAnAttempt() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        Job job = claimed();

        queue.release(job.id());

        Job again = claimed();
        assertThat(again.id()).isEqualTo(job.id());
        assertThat(again.attempts()).isZero();
        assertThat(queue.recentFailures(10)).isEmpty();
    }

    @Test
    void recoverRunningAfterACrashHandsTheJobsOutAgain() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        queue.enqueue(file("b"), watch(), JobKind.UPLOAD);
        queue.enqueue(file("c"), watch(), JobKind.UPLOAD);
        Job a = claimed();
        Job b = claimed();
        queue.enqueue(file("b"), watch(), JobKind.DELETE);
        db = state.reopen(); // the process dies: nothing more is written, then starts again

        queue = new JobQueue(db, clock);
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(queue.recoverRunning()).isEqualTo(2);
        assertThat(queue.recoverRunning()).isZero();

        List<Job> jobs = List.of(claimed(), claimed(), claimed());
        assertThat(jobs).extracting(Job::path).containsExactlyInAnyOrder(file("a"), file("b"), file("c"));
        assertThat(jobs).filteredOn(j -> j.id() == a.id()).singleElement()
                .satisfies(j -> assertThat(j.attempts()).isZero());
        assertThat(jobs).filteredOn(j -> j.id() == b.id()).singleElement()
                .satisfies(j -> assertThat(j.kind()).as("the re-run asked for").isEqualTo(JobKind.DELETE));
    }

    @Test
    void doneInsideATransactionThatRollsBackLeavesTheJobRunning() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        Job job = claimed();

        assertThatThrownBy(() -> db.runInTransaction(c -> {
            queue.done(c, job.id());
            throw new IllegalStateException("CRC-64 mismatch after Complete");
        })).hasMessage("CRC-64 mismatch after Complete");
        assertThat(queue.job(file("a"))).map(Job::state).contains(JobState.RUNNING);

        db.runInTransaction(c -> queue.done(c, job.id()));
        assertThat(queue.job(file("a"))).isEmpty();
        assertThat(queue.depth()).isZero();
    }

    @Test
    void endingARunOfAJobThatIsNotRunningIsRefused() {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        long id = queue.job(file("a")).orElseThrow().id();

        assertThatThrownBy(() -> queue.done(id)).isInstanceOf(IllegalStateException.class)
                .hasMessage("job " + id + " cannot be done: it is PENDING (" + file("a") + "), not RUNNING");
        queue.done(claimed().id());
        assertThatThrownBy(() -> queue.retryLater(id, "x", Duration.ZERO))
                .hasMessage("job " + id + " cannot be retried later: it is not in the queue, not RUNNING");
        assertThatThrownBy(() -> queue.retryLater(id, "x", Duration.ofSeconds(-1)))
                .hasMessage("back-off cannot be negative: PT-1S");
    }

    @Test
    void cancelDropsAPendingOrSetAsideJobButNotARunningOne() {
        queue.enqueue(file("aside"), watch(), JobKind.UPLOAD);
        queue.enqueue(file("running"), watch(), JobKind.UPLOAD);
        queue.setAside(claimed().id(), "unreadable");
        Job running = claimed();
        assertThat(running.path()).isEqualTo(file("running"));
        queue.enqueue(file("pending"), watch(), JobKind.UPLOAD);

        assertThat(queue.cancel(file("pending"))).isTrue();
        assertThat(queue.cancel(file("aside"))).isTrue();
        assertThat(queue.cancel(file("running"))).as("no re-run to drop").isFalse();
        assertThat(queue.cancel(file("never"))).isFalse();
        queue.enqueue(file("running"), watch(), JobKind.UPLOAD);
        assertThat(queue.cancel(file("running"))).as("its re-run").isTrue();

        queue.done(running.id());
        assertThat(queue.depth()).isZero();
        assertThat(queue.setAside()).isEmpty();
    }

    @Test
    void theFailureHistoryKeepsTheLatestHundredNewestFirst() throws Exception {
        queue.enqueue(file("flaky"), watch(), JobKind.UPLOAD);
        for (int i = 1; i <= 130; i++) {
            queue.retryLater(claimed().id(), "failure " + i, Duration.ZERO);
            later(1);
        }

        assertThat(queryLong(dbFile, "SELECT count(*) FROM failures")).isEqualTo(JobQueue.FAILURE_HISTORY);
        List<Failure> all = queue.recentFailures(1_000);
        assertThat(all).hasSize(100);
        assertThat(all.get(0)).isEqualTo(new Failure(file("flaky"), JobKind.UPLOAD, 130, "failure 130",
                T0.plusMillis(129), false));
        assertThat(all.get(99).reason()).isEqualTo("failure 31");
        assertThat(queue.recentFailures(3)).extracting(Failure::reason)
                .containsExactly("failure 130", "failure 129", "failure 128");
    }

    @Test
    void depthNextDueAndAgeDescribeTheBacklog() {
        assertThat(queue.depth()).isZero();
        assertThat(queue.nextDue()).isEmpty();
        assertThat(queue.oldestPendingAge()).isEmpty();

        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        later(3_000);
        queue.enqueue(file("b"), watch(), JobKind.UPLOAD);
        later(1_000);
        assertThat(queue.oldestPendingAge()).contains(Duration.ofSeconds(4));
        assertThat(queue.nextDue()).contains(T0);

        Job a = claimed();
        assertThat(queue.depth()).as("running jobs count").isEqualTo(2);
        assertThat(queue.oldestPendingAge()).contains(Duration.ofSeconds(1));
        queue.retryLater(a.id(), "slow down", Duration.ofSeconds(30));
        assertThat(queue.nextDue()).contains(T0.plusSeconds(3));
        queue.done(claimed().id());
        assertThat(queue.nextDue()).contains(T0.plusSeconds(34));
        assertThat(queue.depth()).isEqualTo(1);
    }

    @Test
    void pathsWithAnyCharactersComeBackExactly() {
        List<Path> odd = List.of(file("new\nline"), file("100% _done_.txt"), file("quote'\"back\\slash"),
                file("日本語 ü 🚀"), file(" lead and trail "));
        queue.enqueueAll(odd.stream().map(p -> JobRequest.upload(p, watch())).toList());

        List<Path> claimedPaths = new ArrayList<>();
        for (Optional<Job> job = queue.claim(); job.isPresent(); job = queue.claim()) {
            claimedPaths.add(job.get().path());
        }
        assertThat(claimedPaths).containsExactlyElementsOf(odd);
        assertThat(queue.cancel(file("100% _done_.txt"))).isFalse();
        assertThat(queue.job(file("100_ %done%.txt"))).isEmpty();
    }

    @Test
    void enqueueAllCoalescesWithinTheBatchAndWithTheQueue() throws Exception {
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        Job running = claimed();
        queue.enqueue(file("b"), watch(), JobKind.UPLOAD);

        queue.enqueueAll(List.of(JobRequest.upload(file("c"), watch()), JobRequest.delete(file("b"), watch()),
                JobRequest.delete(file("a"), watch()), JobRequest.delete(file("c"), watch())));

        assertThat(queryLong(dbFile, "SELECT count(*) FROM jobs")).isEqualTo(3);
        assertThat(queue.job(file("b")).orElseThrow().kind()).isEqualTo(JobKind.DELETE);
        assertThat(queue.job(file("c")).orElseThrow().kind()).isEqualTo(JobKind.DELETE);
        queue.done(running.id());
        assertThat(queue.job(file("a")).orElseThrow())
                .satisfies(j -> assertThat(j.kind()).isEqualTo(JobKind.DELETE))
                .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.PENDING));
    }

    @Test
    void aDatabaseOfSchemaOneGainsTheQueueAndKeepsItsCheckpoints() throws Exception {
        db.close();
        Path older = dir.resolve("older.db");
        FileIdentity identity = new FileIdentity(10, 20, "(dev=1,ino=2)");
        // This build writes checkpoints in today's schema: the row is made there, then copied as a
        // schema-1 build would have written it (a checkpoint without a source has the same fields).
        Path current = dir.resolve("current.db");
        try (StateDatabase now = StateDatabase.open(current)) {
            new CheckpointStore(now, clock).begin(file("a"), "bucket", "a", "UPLOAD-1", 1 << 20, identity);
        }
        String v1Columns = "id, local_path, bucket, object_key, upload_id, part_size, file_size, file_mtime_ns, "
                + "file_key, created_at_ms, restarts, row_checksum";
        StateDatabase.open(older, List.of(Migrations.ALL.get(0))).close();
        io.ossync.state.SqliteFiles.execute(older, "ATTACH DATABASE '" + current + "' AS current",
                "INSERT INTO uploads (" + v1Columns + ") SELECT " + v1Columns + " FROM current.uploads");

        db = StateDatabase.open(older);
        queue = new JobQueue(db, clock);
        assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
        assertThat(new CheckpointStore(db, clock).find(file("a"), "bucket", "a")).isInstanceOf(Lookup.Found.class);
        queue.enqueue(file("a"), watch(), JobKind.UPLOAD);
        assertThat(claimed().path()).isEqualTo(file("a"));
    }

    @Test
    void jobsOfAWatchAreDroppedInAnyStateAndOtherWatchesKeepTheirs() {
        queue.enqueue(file("running"), watch(), JobKind.UPLOAD);
        claimed();
        queue.enqueue(file("aside"), watch(), JobKind.UPLOAD);
        queue.setAside(claimed().id(), "permission denied");
        queue.enqueue(file("pending"), watch(), JobKind.DELETE);
        queue.enqueue(OTHER_WATCH.resolve("kept.bin"), OTHER_WATCH, JobKind.DELETE);
        assertThat(queue.watches()).containsExactlyInAnyOrder(watch(), OTHER_WATCH);

        assertThat(queue.dropJobsOf(watch())).isEqualTo(3);

        assertThat(queue.watches()).containsExactly(OTHER_WATCH);
        assertThat(queue.job(OTHER_WATCH.resolve("kept.bin"))).get().extracting(Job::watch).isEqualTo(OTHER_WATCH);
        assertThat(queue.recentFailures(10)).as("dropping is no failure").hasSize(1);
        assertThat(queue.dropJobsWithoutWatch()).isZero();
    }

    @Test
    void badRequestsAreRefusedWithClearMessages() {
        assertThatThrownBy(() -> queue.enqueue(file("a"), Path.of("watched"), JobKind.UPLOAD))
                .hasMessage("watch folder must be absolute: watched");
        assertThatThrownBy(() -> queue.recentFailures(-1)).hasMessage("number of failures cannot be negative: -1");
    }

    private static final FileIdentity V1 = new FileIdentity(100, 1_000_000_123L, "(dev=801,ino=7)");

    /** Offers {@code name} for upload as the intake does: with the version the quiet period saw. */
    private void offer(String name, FileIdentity version) {
        queue.enqueueAll(List.of(JobRequest.upload(file(name), watch(), version)));
    }

    private Job setAsideFor(String name, FileIdentity offered, FileIdentity read) {
        offer(name, offered);
        Job job = claimed();
        queue.setAside(job.id(), "object key too long", read);
        return job;
    }

    @Test
    void aSetAsideJobOfferedTheSameVersionAgainStaysSetAsideAndRecordsNothing() throws Exception {
        Job job = setAsideFor("long.bin", V1, V1);

        for (int rescan = 0; rescan < 5; rescan++) {
            later(1_000);
            offer("long.bin", V1);
        }

        assertThat(queue.claim()).isEmpty();
        assertThat(queue.setAside()).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo(job.id());
            assertThat(j.attempts()).isEqualTo(1);
            assertThat(j.lastError()).isEqualTo("object key too long");
            assertThat(j.enqueuedAt()).isEqualTo(T0);
        });
        assertThat(queryLong(dbFile, "SELECT count(*) FROM failures")).isEqualTo(1);
        assertThat(queue.recentFailures(10)).singleElement().extracting(Failure::count).isEqualTo(1);
        assertThat(queryString(dbFile, "SELECT file_size || ' ' || file_mtime_ns || ' ' || file_key FROM jobs"))
                .isEqualTo("100 1000000123 (dev=801,ino=7)");
    }

    @Test
    void aSetAsideJobIsRevivedByAnotherSizeMtimeOrFileKey() {
        List<FileIdentity> changes = List.of(new FileIdentity(101, V1.mtimeNanos(), V1.fileKey()),
                new FileIdentity(V1.size(), V1.mtimeNanos() + 1, V1.fileKey()),
                new FileIdentity(V1.size(), V1.mtimeNanos(), "(dev=801,ino=8)"),
                new FileIdentity(V1.size(), V1.mtimeNanos(), null));
        for (FileIdentity changed : changes) {
            String name = "f" + changes.indexOf(changed);
            Job job = setAsideFor(name, V1, V1);
            later(1_000);

            offer(name, changed);

            Job revived = claimed();
            assertThat(revived.id()).as("revived by %s", changed).isEqualTo(job.id());
            assertThat(revived.attempts()).isZero();
            assertThat(revived.enqueuedAt()).isEqualTo(clock.instant());
            queue.done(revived.id());
        }
    }

    @Test
    void aDeleteOrAnOfferOfAnUnknownVersionRevivesASetAsideJob() {
        Job first = setAsideFor("a.bin", V1, V1);
        queue.enqueue(file("a.bin"), watch(), JobKind.DELETE);
        assertThat(claimed()).satisfies(j -> {
            assertThat(j.id()).isEqualTo(first.id());
            assertThat(j.kind()).isEqualTo(JobKind.DELETE);
        });

        Job second = setAsideFor("b.bin", V1, V1);
        queue.enqueue(file("b.bin"), watch(), JobKind.UPLOAD);
        assertThat(claimed().id()).as("no version given: cannot tell it is unchanged").isEqualTo(second.id());
    }

    @Test
    void withoutAVersionReadTheJobWaitsForAChangeOfTheVersionItWasOfferedFor() {
        FileIdentity v2 = new FileIdentity(V1.size() + 1, V1.mtimeNanos(), V1.fileKey());
        Job job = setAsideFor("unstatable.bin", V1, null);

        offer("unstatable.bin", V1);
        assertThat(queue.claim()).isEmpty();

        offer("unstatable.bin", v2);
        assertThat(claimed().id()).isEqualTo(job.id());
    }

    @Test
    void aBurstWithAnUnchangedSetAsideFileQueuesTheOthers() {
        setAsideFor("long.bin", V1, V1);

        queue.enqueueAll(List.of(JobRequest.upload(file("long.bin"), watch(), V1),
                JobRequest.upload(file("new.bin"), watch(), V1)));

        assertThat(claimed().path()).isEqualTo(file("new.bin"));
        assertThat(queue.claim()).isEmpty();
        assertThat(queue.setAside()).extracting(Job::path).containsExactly(file("long.bin"));
    }

    @Test
    void oneFileFailingThirtyTimesForOneReasonIsOneCountedRow() throws Exception {
        queue.enqueue(file("flaky"), watch(), JobKind.UPLOAD);
        for (int i = 1; i <= 30; i++) {
            queue.retryLater(claimed().id(), "connection reset", Duration.ZERO);
            later(1_000);
        }
        queue.setAside(claimed().id(), "object key too long");

        assertThat(queryLong(dbFile, "SELECT count(*) FROM failures")).isEqualTo(2);
        assertThat(queue.recentFailures(10)).containsExactly(
                new Failure(file("flaky"), JobKind.UPLOAD, 31, "object key too long", T0.plusSeconds(30), true, 1),
                new Failure(file("flaky"), JobKind.UPLOAD, 30, "connection reset", T0.plusSeconds(29), false, 30));
    }

    /** Enqueues {@code name} (reviving it if set aside), claims it and sets it aside for "timeout". */
    private void failOnce(String name) {
        queue.enqueue(file(name), watch(), JobKind.UPLOAD);
        Job job = claimed();
        assertThat(job.path()).isEqualTo(file(name));
        queue.setAside(job.id(), "timeout");
    }

    @Test
    void aRepeatedFailureMovesToTheFrontAndTheCapCountsRows() throws Exception {
        failOnce("old");
        for (int i = 1; i <= JobQueue.FAILURE_HISTORY - 1; i++) {
            failOnce("f" + i);
        }
        later(1_000);
        failOnce("old");

        assertThat(queue.recentFailures(1)).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(file("old"));
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.failedAt()).isEqualTo(T0.plusSeconds(1));
        });
        assertThat(queryLong(dbFile, "SELECT count(*) FROM failures")).isEqualTo(JobQueue.FAILURE_HISTORY);

        failOnce("new");

        assertThat(queryLong(dbFile, "SELECT count(*) FROM failures")).isEqualTo(JobQueue.FAILURE_HISTORY);
        assertThat(queue.recentFailures(1_000)).extracting(Failure::path)
                .as("the oldest row went, not the one failing again").startsWith(file("new"), file("old"))
                .doesNotContain(file("f1")).contains(file("f2"));
    }
}
