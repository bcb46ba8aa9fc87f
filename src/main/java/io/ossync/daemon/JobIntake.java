package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.queue.JobRequest;
import io.ossync.watch.FileSink;
import io.ossync.watch.KnownFiles;
import io.ossync.watch.ReadyFile;
import io.ossync.watch.ScanReport;
import io.ossync.watch.WatchRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Turns what the intake sees into durable jobs: a quiet file becomes an UPLOAD job, a vanished
 * one a DELETE job (which aborts its upload, and with mirror-deletes removes its object). A full
 * scan also finds files deleted while the daemon was down. Files the ledger holds in the same
 * version are known, so rescans and restarts never queue them again. A job names its watch by the
 * root's folder. A set-aside file offered again unchanged stays set aside (the queue compares the
 * version offered with the one it was set aside for). Deletions pass the {@link DeletionGuard}
 * first: a replaced or mostly emptied root deletes nothing.
 */
final class JobIntake implements FileSink, KnownFiles {

    private static final Logger log = LoggerFactory.getLogger(JobIntake.class);

    private final JobQueue queue;
    private final UploadedVersions uploaded;
    private final DeletionGuard guard;

    JobIntake(JobQueue queue, UploadedVersions uploaded, DeletionGuard guard) {
        this.queue = queue;
        this.uploaded = uploaded;
        this.guard = guard;
    }

    @Override
    public void fileReady(WatchRoot root, Path relative, FileIdentity identity) {
        queue.enqueueAll(List.of(JobRequest.upload(root.resolve(relative), root.path(), identity)));
    }

    /**
     * A burst of quiet files becomes jobs in one transaction of the queue (all or none). Each
     * carries the version the gate saw, so a file set aside for that version stays set aside.
     */
    @Override
    public void filesReady(List<ReadyFile> files) {
        queue.enqueueAll(files.stream()
                .map(f -> JobRequest.upload(f.root().resolve(f.relative()), f.root().path(), f.snapshot()))
                .toList());
    }

    @Override
    public void pathGone(WatchRoot root, Path relative) {
        if (!guard.eventMayDelete(root)) {
            return;   // the ledger keeps the file: a scan decides once the root is trusted again
        }
        queue.enqueue(root.resolve(relative), root.path(), JobKind.DELETE);
    }

    @Override
    public void scanCompleted(ScanReport report) {
        log.info("scan completed root={} files={} offered={} duration_ms={} unreadable={}", report.root().path(),
                report.filesSeen(), report.filesOffered(), report.duration().toMillis(), report.unreadable().size());
        if (!report.complete()) {
            return;   // absence proves nothing where a folder could not be read
        }
        // A file whose DELETE job already waits (postponed while a rename's copy may need its
        // object) was decided by an earlier scan: counting it again would hold what was allowed.
        // The ledger is read twice, a page at a time (memory stays flat in the number of files):
        // once to count for the guard, once to delete. A file back between the passes stays.
        Set<Path> decided = queue.deletesUnderWay();
        Path root = report.root().path();
        long[] counts = new long[2];   // known, gone
        uploaded.forEachUnder(root, file -> {
            if (!decided.contains(file)) {
                counts[0]++;
                if (isGone(report, file)) {
                    counts[1]++;
                }
            }
        });
        if (!guard.scanMayDelete(report, counts[0], counts[1]) || counts[1] == 0) {
            return;
        }
        long[] deleted = new long[1];
        uploaded.forEachUnder(root, file -> {
            if (!decided.contains(file) && isGone(report, file)) {
                queue.enqueue(file, root, JobKind.DELETE);
                deleted[0]++;
            }
        });
        if (deleted[0] > 0) {
            log.info("files deleted while unwatched root={} count={}", root, deleted[0]);
        }
    }

    private static boolean isGone(ScanReport report, Path file) {
        Path relative = report.root().path().relativize(file);
        return !report.present().contains(relative) && !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean isKnown(WatchRoot root, Path relative, FileIdentity identity) {
        return uploaded.holds(root.resolve(relative), identity);
    }
}
