package io.ossync.queue;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.state.StateDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue at the scale of a start-up scan, on a real file: the figures are logged (no timed
 * assertions, the machine is shared); the assertions check that every job went through once.
 */
class JobQueueThroughputTest {

    private static final Logger log = LoggerFactory.getLogger(JobQueueThroughputTest.class);
    private static final int SCAN = 100_000;
    private static final int WORKED = 20_000;

    @TempDir
    Path dir;
    StateDatabase db;
    JobQueue queue;
    Ledger ledger;

    @BeforeEach
    void open() {
        db = StateDatabase.open(dir.resolve("state.db"));
        queue = new JobQueue(db, Clock.systemUTC());
        ledger = new Ledger(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Path file(int i) {
        return Path.of("/srv/data/camera-" + (i % 100) + "/2026/11/20/frame-" + i + ".jpg");
    }

    @Test
    void aStartUpScanOfAHundredThousandFilesThenTheirUploads() {
        List<JobRequest> scan = IntStream.range(0, SCAN).mapToObj(i -> JobRequest.upload(file(i), 0)).toList();

        long t0 = System.nanoTime();
        queue.enqueueAll(scan);
        long enqueueNanos = System.nanoTime() - t0;
        assertThat(queue.depth()).isEqualTo(SCAN);

        t0 = System.nanoTime();
        for (int i = 0; i < WORKED; i++) {
            Job job = queue.claim().orElseThrow();
            assertThat(job.path()).isEqualTo(file(i));
            queue.done(job.id());
        }
        long workNanos = System.nanoTime() - t0;
        assertThat(queue.depth()).isEqualTo(SCAN - WORKED);

        t0 = System.nanoTime();
        queue.enqueueAll(scan);
        long rescanNanos = System.nanoTime() - t0;
        assertThat(queue.depth()).isEqualTo(SCAN);

        log.info("figures enqueue_all={} enqueue_all_ms={} claim_done={} claim_done_ms={} claim_done_per_s={} "
                        + "rescan_coalesced={} rescan_ms={}", SCAN, enqueueNanos / 1_000_000, WORKED,
                workNanos / 1_000_000, perSecond(WORKED, workNanos), SCAN, rescanNanos / 1_000_000);
    }

    @Test
    void theQueueAndLedgerShareOfOneSmallFileEndToEnd() {
        int files = 5_000;
        FileIdentity identity = new FileIdentity(4_096, 1_763_627_400_123_456_789L, "(dev=803,ino=1)");

        long t0 = System.nanoTime();
        for (int i = 0; i < files; i++) {
            queue.enqueue(file(i), 0, JobKind.UPLOAD);
            Job job = queue.claim().orElseThrow();
            boolean uploaded = ledger.isUploaded(job.path(), identity, "bucket", "k/" + i);
            assertThat(uploaded).isFalse();
            db.runInTransaction(c -> {
                ledger.record(c, job.path(), "bucket", "k/" + job.id(), identity, job.id());
                queue.done(c, job.id());
            });
        }
        long nanos = System.nanoTime() - t0;

        assertThat(queue.depth()).isZero();
        assertThat(ledger.count()).isEqualTo(files);
        log.info("figures files={} enqueue_claim_lookup_record_done_ms={} per_s={} us_per_file={}", files,
                nanos / 1_000_000, perSecond(files, nanos), nanos / files / 1_000);
    }

    private static long perSecond(int count, long nanos) {
        return count * 1_000_000_000L / Math.max(1, nanos);
    }
}
