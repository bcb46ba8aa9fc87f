package io.ossync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.config.AfterUpload;
import io.ossync.config.DeleteLimit;
import io.ossync.config.KeyTemplate;
import io.ossync.config.PathFilter;
import io.ossync.config.WatchConfig;
import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.roots.RootRecord;
import io.ossync.roots.RootRecords;
import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import io.ossync.watch.PresentFiles;
import io.ossync.watch.ScanReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletions found by a complete scan, against a real state database: the ledger is read a page at
 * a time and each row checked against the fingerprints of the files the walk saw.
 */
class JobIntakeScanTest {

    /** More than one page of the ledger. */
    private static final int FILES = UploadedVersions.PAGE + 1_234;

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T22:00:00Z"));
    private Path root;
    private WatchBinding watch;
    private Ledger ledger;
    private JobQueue queue;
    private RootRecords records;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(dir.resolve("in"));
        ledger = new Ledger(state.database(), clock);
        queue = new JobQueue(state.database(), clock);
        records = new RootRecords(state.database());
    }

    private JobIntake intake(String maxDelete) {
        watch = WatchBinding.of(new WatchConfig(root, KeyTemplate.parse("in/", "web-1"), PathFilter.everything(),
                Duration.ofSeconds(2), AfterUpload.KEEP, true, false, StorageClass.STANDARD, ServerSideEncryption.NONE,
                DeleteLimit.parse(maxDelete)));
        UploadedVersions versions = UploadedVersions.load(ledger, List.of(watch));
        return new JobIntake(queue, versions, new DeletionGuard(records, List.of(watch), clock));
    }

    private static Path relative(int i) {
        return Path.of("d" + (i % 10), "f" + i + ".log");
    }

    /** Ledger rows for files 0..FILES-1 under the root (none of them on disk). */
    private void uploadedAll() {
        state.database().runInTransaction(c -> {
            for (int i = 0; i < FILES; i++) {
                ledger.record(c, root.resolve(relative(i)), "bucket", "in/" + i, new FileIdentity(i, i, null), i);
            }
        });
    }

    /** A complete scan that saw every file but those listed. */
    private ScanReport scanWithout(List<Integer> missing, List<Path> unreadable) throws IOException {
        List<Path> seen = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            if (!missing.contains(i)) {
                seen.add(relative(i));
            }
        }
        PresentFiles present = PresentFiles.of(seen.toArray(Path[]::new));
        String key = Files.readAttributes(root, BasicFileAttributes.class).fileKey().toString();
        return new ScanReport(watch.root(), clock.instant(), Duration.ZERO, present.size(), 0, present, unreadable, key);
    }

    private Set<Path> deleteJobs() {
        return queue.deletesUnderWay();
    }

    @Test
    void filesGoneWhileUnwatchedBecomeDeleteJobsAndNothingElse() throws IOException {
        uploadedAll();
        JobIntake intake = intake("50%");
        // Found by the walk's fingerprints, by the existence check, or gone: 3 gone, one per page and the last.
        Files.createDirectories(root.resolve(relative(17)).getParent());
        Files.writeString(root.resolve(relative(17)), "created after the walk passed its folder");

        intake.scanCompleted(scanWithout(List.of(3, 17, UploadedVersions.PAGE + 1, FILES - 1), List.of()));

        assertThat(deleteJobs()).containsExactlyInAnyOrder(root.resolve(relative(3)),
                root.resolve(relative(UploadedVersions.PAGE + 1)), root.resolve(relative(FILES - 1)));
    }

    @Test
    void theGuardCountsEveryPageBeforeAnythingIsDeleted() throws IOException {
        uploadedAll();
        JobIntake intake = intake("2");
        intake.scanCompleted(scanWithout(List.of(0, 1, 2), List.of()));   // first scan: the root is recorded

        assertThat(deleteJobs()).as("3 gone, 2 allowed: none deleted").isEmpty();
        RootRecord.Hold hold = records.get(root).flatMap(RootRecord::hold).orElseThrow();
        assertThat(hold.known()).isEqualTo(FILES);
        assertThat(hold.missing()).isEqualTo(3);
    }

    @Test
    void anIncompleteScanProvesNothing() throws IOException {
        uploadedAll();
        JobIntake intake = intake("50%");

        intake.scanCompleted(scanWithout(List.of(4, 5), List.of(Path.of("d4"))));

        assertThat(deleteJobs()).isEmpty();
        assertThat(records.get(root)).as("not even the root recorded").isEmpty();
    }

    @Test
    void aFileWhoseDeleteIsUnderWayIsNotCountedAgain() throws IOException {
        uploadedAll();
        queue.enqueue(root.resolve(relative(8)), root, JobKind.DELETE);
        JobIntake intake = intake("1");

        intake.scanCompleted(scanWithout(List.of(8, 9), List.of()));

        assertThat(deleteJobs()).as("one new deletion, within max-delete 1")
                .containsExactlyInAnyOrder(root.resolve(relative(8)), root.resolve(relative(9)));
        assertThat(records.get(root).flatMap(RootRecord::hold)).isEmpty();
    }
}
