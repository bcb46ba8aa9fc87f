import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.queue.Job;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.queue.JobRequest;
import io.ossync.state.StateDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The job queue at the scale of a start-up scan, on a real SQLite file in the bench's temporary
 * folder (was JobQueueThroughputTest; a benchmark, not a test): 100,000 jobs enqueued in one call,
 * 20,000 claimed and done one by one, the same 100,000 enqueued again (coalesced), then the queue
 * and ledger share of one small file end to end. Prints the figures; checks only that every job
 * went through once. Run by {@code bench/queue.sh} (see bench/README.md):
 *
 * <pre>
 *   java -cp target/ossync.jar:CLASSES QueueThroughput WORK_DIR
 * </pre>
 */
public final class QueueThroughput {

    private static final int SCAN = 100_000;
    private static final int WORKED = 20_000;
    private static final int END_TO_END = 5_000;

    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ossync-queue-bench");
        startUpScan(work.resolve("scan/state.db"));
        endToEnd(work.resolve("end-to-end/state.db"));
    }

    private static final Path WATCH = Path.of("/srv/data");

    private static Path file(int i) {
        return Path.of("/srv/data/camera-" + (i % 100) + "/2026/11/20/frame-" + i + ".jpg");
    }

    /** A start-up scan of a hundred thousand files, then their uploads. */
    private static void startUpScan(Path stateDb) {
        try (StateDatabase db = StateDatabase.open(stateDb)) {
            JobQueue queue = new JobQueue(db, Clock.systemUTC());
            List<JobRequest> scan = IntStream.range(0, SCAN).mapToObj(i -> JobRequest.upload(file(i), WATCH)).toList();

            long t0 = System.nanoTime();
            queue.enqueueAll(scan);
            long enqueueNanos = System.nanoTime() - t0;
            check(queue.depth() == SCAN, "depth after the scan");

            t0 = System.nanoTime();
            for (int i = 0; i < WORKED; i++) {
                Job job = queue.claim().orElseThrow();
                check(job.path().equals(file(i)), "claim order at " + i);
                queue.done(job.id());
            }
            long workNanos = System.nanoTime() - t0;
            check(queue.depth() == SCAN - WORKED, "depth after the uploads");

            t0 = System.nanoTime();
            queue.enqueueAll(scan);
            long rescanNanos = System.nanoTime() - t0;
            check(queue.depth() == SCAN, "depth after the rescan");

            System.out.printf("queue: enqueue_all=%d enqueue_all_ms=%d claim_done=%d claim_done_ms=%d "
                            + "claim_done_per_s=%d rescan_coalesced=%d rescan_ms=%d%n", SCAN, enqueueNanos / 1_000_000,
                    WORKED, workNanos / 1_000_000, perSecond(WORKED, workNanos), SCAN, rescanNanos / 1_000_000);
        }
    }

    /** The queue and ledger share of one small file: enqueue, claim, ledger lookup, record + done. */
    private static void endToEnd(Path stateDb) {
        try (StateDatabase db = StateDatabase.open(stateDb)) {
            JobQueue queue = new JobQueue(db, Clock.systemUTC());
            Ledger ledger = new Ledger(db, Clock.systemUTC());
            FileIdentity identity = new FileIdentity(4_096, 1_763_627_400_123_456_789L, "(dev=803,ino=1)");

            long t0 = System.nanoTime();
            for (int i = 0; i < END_TO_END; i++) {
                queue.enqueue(file(i), WATCH, JobKind.UPLOAD);
                Job job = queue.claim().orElseThrow();
                check(ledger.get(job.path()).filter(e -> e.covers(identity, "bucket", "k/" + job.id())).isEmpty(),
                        "not yet uploaded at " + i);
                db.runInTransaction(c -> {
                    ledger.record(c, job.path(), "bucket", "k/" + job.id(), identity, job.id());
                    queue.done(c, job.id());
                });
            }
            long nanos = System.nanoTime() - t0;

            check(queue.depth() == 0, "queue drained");
            check(ledger.count() == END_TO_END, "one ledger row per file");
            System.out.printf("queue+ledger: files=%d enqueue_claim_lookup_record_done_ms=%d per_s=%d us_per_file=%d%n",
                    END_TO_END, nanos / 1_000_000, perSecond(END_TO_END, nanos), nanos / END_TO_END / 1_000);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("queue bench: check failed: " + what);
        }
    }

    private static long perSecond(int count, long nanos) {
        return count * 1_000_000_000L / Math.max(1, nanos);
    }
}
