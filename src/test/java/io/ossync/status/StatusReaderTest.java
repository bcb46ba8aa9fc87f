package io.ossync.status;

import io.ossync.checkpoint.Checkpoint;
import io.ossync.checkpoint.CheckpointStore;
import io.ossync.checkpoint.PartRecord;
import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.queue.Failure;
import io.ossync.queue.Job;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.state.Migrations;
import io.ossync.state.SqliteFiles;
import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import io.ossync.util.ByteSize;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The report built from a real state database, written through the real queue, checkpoint and ledger APIs. */
class StatusReaderTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:30:00Z");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path dir;
    Path dbFile;
    final MutableClock clock = new MutableClock(T0);
    StateDatabase writer;
    JobQueue queue;
    CheckpointStore checkpoints;
    Ledger ledger;

    @BeforeEach
    void open() {
        dbFile = state.file();
        writer = state.database();
        queue = new JobQueue(writer, clock);
        checkpoints = new CheckpointStore(writer, clock);
        ledger = new Ledger(writer, clock);
    }

    /** What status sees now, through its own read-only connection. */
    private StatusReport status() {
        try (StateDatabase reader = StateDatabase.openReadOnly(dbFile)) {
            return new StatusReader(reader, clock).read();
        }
    }

    private Path file(String name) {
        return dir.resolve("watched").resolve(name);
    }

    private Job claim() {
        return queue.claim().orElseThrow(() -> new AssertionError("no job was due"));
    }

    @Test
    void anEmptyDatabaseGivesAnEmptyReport() {
        StatusReport report = status();

        assertThat(report.stateDatabase()).isEqualTo(dbFile.toAbsolutePath());
        assertThat(report.schemaVersion()).isEqualTo(Migrations.ALL.size());
        assertThat(report.generatedAt()).isEqualTo(T0);
        assertThat(report.jobs()).isEqualTo(new StatusReport.JobCounts(0, 0, 0, Optional.empty()));
        assertThat(report.uploads()).isEmpty();
        assertThat(report.recentFailures()).isEmpty();
        assertThat(report.setAside()).isEmpty();
        assertThat(report.ledger()).isEqualTo(new StatusReport.LedgerSummary(0, Optional.empty()));
    }

    @Test
    void jobsAreCountedByStateAndTheOldestPendingAgeIsMeasuredOnTheClock() {
        queue.enqueue(file("running.bin"), dir.resolve("watched"), JobKind.UPLOAD);
        clock.advance(Duration.ofSeconds(1));
        queue.enqueue(file("bad.bin"), dir.resolve("watched"), JobKind.UPLOAD);
        clock.advance(Duration.ofSeconds(1));
        queue.enqueue(file("first-pending.bin"), dir.resolve("watched"), JobKind.UPLOAD);
        clock.advance(Duration.ofSeconds(1));
        queue.enqueue(file("second-pending.bin"), dir.resolve("watched"), JobKind.DELETE);
        Job running = claim();
        Job bad = claim();
        queue.setAside(bad.id(), "permission denied reading " + bad.path());
        clock.advance(Duration.ofSeconds(250));

        StatusReport report = status();

        assertThat(running.path()).isEqualTo(file("running.bin"));
        // first-pending.bin was enqueued at T0 + 2 s; it is now T0 + 253 s
        assertThat(report.jobs()).isEqualTo(new StatusReport.JobCounts(2, 1, 1, Optional.of(Duration.ofSeconds(251))));
        assertThat(report.setAside()).singleElement().satisfies(job -> {
            assertThat(job.path()).isEqualTo(file("bad.bin"));
            assertThat(job.lastError()).isEqualTo("permission denied reading " + file("bad.bin"));
            assertThat(job.attempts()).isEqualTo(1);
        });
        assertThat(report.recentFailures()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(file("bad.bin"));
            assertThat(f.setAside()).isTrue();
            assertThat(f.failedAt()).isEqualTo(T0.plusSeconds(3));
        });
    }

    @Test
    void aCheckpointShowsTheBytesAndPartsItsRecordedPartsAddUpTo() {
        long partSize = 8 * ByteSize.MIB;
        long size = 20 * ByteSize.MIB + 123;
        Checkpoint cp = checkpoints.begin(file("big.bin"), "bucket-a", "logs/big.bin", "UPLOAD-1", partSize,
                new FileIdentity(size, 1_000L, "(dev=1,ino=2)"), 2);
        checkpoints.recordPart(cp.id(), new PartRecord(1, 0, partSize, "\"etag-1\"", 11L));
        checkpoints.recordPart(cp.id(), new PartRecord(2, partSize, partSize, "\"etag-2\"", 22L));
        clock.advance(Duration.ofSeconds(5));
        checkpoints.beginIntent(file("new.bin"), "bucket-a", "logs/new.bin", partSize,
                new FileIdentity(3 * partSize, 2_000L, null));

        List<InFlightUpload> uploads = status().uploads();

        assertThat(uploads).hasSize(2);
        InFlightUpload.Progress big = (InFlightUpload.Progress) uploads.get(0);
        assertThat(big).isEqualTo(new InFlightUpload.Progress(cp.id(), file("big.bin"), "bucket-a", "logs/big.bin",
                Optional.of("UPLOAD-1"), partSize, 2 * partSize, size, 2, 3, T0, 2));
        // 16 MiB of 20 MiB + 123 B is 79.99952...%: rounded down, never up
        assertThat(big.percent()).isEqualTo(79.9);
        InFlightUpload.Progress fresh = (InFlightUpload.Progress) uploads.get(1);
        assertThat(fresh.uploadId()).isEmpty();
        assertThat(fresh.bytesDone()).isZero();
        assertThat(fresh.partsTotal()).isEqualTo(3);
        assertThat(fresh.percent()).isZero();
        assertThat(fresh.startedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aCorruptCheckpointRowIsReportedAsSuchWithWhatCouldBeRead() throws Exception {
        Checkpoint cp = checkpoints.begin(file("a.bin"), "bucket-a", "a.bin", "UPLOAD-9", 5 * ByteSize.MIB,
                new FileIdentity(6 * ByteSize.MIB, 1L, null));
        SqliteFiles.execute(dbFile, "UPDATE uploads SET file_size = 1 WHERE id = " + cp.id());

        assertThat(status().uploads()).singleElement().isInstanceOfSatisfying(InFlightUpload.Corrupt.class, c -> {
            assertThat(c.checkpointId()).isEqualTo(cp.id());
            assertThat(c.file()).isEqualTo(file("a.bin").toString());
            assertThat(c.bucket()).isEqualTo("bucket-a");
            assertThat(c.key()).isEqualTo("a.bin");
            assertThat(c.problem()).startsWith("upload row " + cp.id() + " fails its checksum (stored ");
        });
    }

    @Test
    void theTenLatestFailuresComeNewestFirst() {
        queue.enqueue(file("flaky.bin"), dir.resolve("watched"), JobKind.UPLOAD);
        for (int n = 1; n <= 12; n++) {
            Job job = claim();
            clock.advance(Duration.ofSeconds(1));
            queue.retryLater(job.id(), "timeout " + n, Duration.ZERO);
        }

        List<Failure> failures = status().recentFailures();

        assertThat(failures).extracting(Failure::reason).containsExactly("timeout 12", "timeout 11", "timeout 10",
                "timeout 9", "timeout 8", "timeout 7", "timeout 6", "timeout 5", "timeout 4", "timeout 3");
        assertThat(failures.get(0).attempts()).isEqualTo(12);
        assertThat(failures.get(0).failedAt()).isEqualTo(T0.plusSeconds(12));
        assertThat(failures.get(9).attempts()).isEqualTo(3);
        assertThat(failures).noneMatch(Failure::setAside);
    }

    @Test
    void theLedgerGivesItsSizeAndTheTimeOfTheLastVerifiedUpload() {
        writer.runInTransaction(c -> ledger.record(c, file("a.bin"), "b", "a.bin", new FileIdentity(1, 1, null), 7L));
        clock.advance(Duration.ofMinutes(3));
        writer.runInTransaction(c -> ledger.record(c, file("b.bin"), "b", "b.bin", new FileIdentity(2, 2, null), 8L));
        clock.advance(Duration.ofMinutes(1));

        assertThat(status().ledger()).isEqualTo(new StatusReport.LedgerSummary(2, Optional.of(T0.plusSeconds(180))));
    }

    @Test
    void statusAnswersWhileAnotherConnectionHoldsAWriteTransactionOpenAndSeesOnlyWhatWasCommitted()
            throws Exception {
        queue.enqueue(file("committed.bin"), dir.resolve("watched"), JobKind.UPLOAD);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> writer.runInTransaction(c -> {
            ledger.record(c, file("uncommitted.bin"), "b", "k", new FileIdentity(1, 1, null), 1L);
            inside.countDown();
            awaitRelease(release);
        }));
        try {
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

            StatusReport during = status();

            assertThat(during.jobs().pending()).isEqualTo(1);
            assertThat(during.ledger().files()).isZero();
        } finally {
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
        assertThat(status().ledger().files()).isEqualTo(1);
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while holding the transaction", e);
        }
    }
}
