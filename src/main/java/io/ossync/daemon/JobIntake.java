package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.queue.JobRequest;
import io.ossync.util.StoredPaths;
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
import java.util.stream.Collectors;

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
        Set<String> decided = queue.deletesUnderWay().stream().map(Path::toString).collect(Collectors.toSet());
        Path root = report.root().path();
        String folder = root.toAbsolutePath().normalize().toString();   // as the ledger stores paths
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        long[] counts = new long[2];   // known, gone
        uploaded.forEachUnder(root, file -> {
            if (!decided.contains(file)) {
                counts[0]++;
                if (isGone(report, prefix, file)) {
                    counts[1]++;
                }
            }
        });
        if (!guard.scanMayDelete(report, counts[0], counts[1]) || counts[1] == 0) {
            return;
        }
        uploaded.forEachUnder(root, file -> {
            if (!decided.contains(file) && isGone(report, prefix, file)) {
                queue.enqueue(Path.of(file), root, JobKind.DELETE);
            }
        });
        log.info("files deleted while unwatched root={} count={}", root, counts[1]);
    }

    /**
     * Whether the uploaded file at {@code stored} (its ledger path, under {@code prefix}: the root
     * and a separator) was absent from the walk and is absent now. A name this JVM cannot decode
     * (uploaded under another locale) is never gone: its row and object stay as they are.
     */
    private static boolean isGone(ScanReport report, String prefix, String stored) {
        return !report.present().contains(stored.substring(prefix.length()))
                && StoredPaths.parse(stored).map(p -> !Files.exists(p, LinkOption.NOFOLLOW_LINKS)).orElse(false);
    }

    @Override
    public boolean isKnown(WatchRoot root, Path relative, FileIdentity identity) {
        return uploaded.holds(root.resolve(relative), identity);
    }
}
