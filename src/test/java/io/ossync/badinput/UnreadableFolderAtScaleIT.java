package io.ossync.badinput;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.ManyFiles;
import io.ossync.testing.StateRows;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input at scale (issue 14): a watched folder holding 100,000 mirrored files becomes unreadable (the daemon
 * runs without the DAC capabilities, as in {@link UnreadableFileIT}), first entirely (mode 000), then listable but
 * not searchable (mode r--: every one of the 100,000 entries fails on its own). The daemon stays up and says why at
 * each rescan ("scan failed ... AccessDeniedException"; "scan could not read", the first few paths and then one
 * count, not 100,000 lines), deletes nothing although the watch mirrors deletions (the ledger keeps its 100,000
 * rows, no DeleteObject reaches the server), another watch keeps uploading, and once the folder is readable again
 * the next rescan finds every file known: nothing is sent again.
 *
 * <p>"Mirrored" means the ledger rows an upload commits, written by the test before the daemon starts
 * ({@link ManyFiles#recordAsUploaded}): uploading 100,000 files first would take minutes. The server holds no
 * objects for them, so any DELETE, PUT or multipart request the daemon sent for them would show in its counters.
 */
class UnreadableFolderAtScaleIT {

    private static final int FILES = 100_000;
    private static final List<OssOperation> BIG_WRITES = List.of(OssOperation.PUT_OBJECT,
            OssOperation.INITIATE_MULTIPART_UPLOAD, OssOperation.COPY_OBJECT, OssOperation.DELETE_OBJECT);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator)
            .commandPrefix(UnreadableFileIT.WITHOUT_DAC_CAPABILITIES);

    @TempDir
    Path tmp;

    @Test
    void aMirroredFolderOf100kFilesTurnedUnreadableIsReportedAndNothingIsDeletedOrSentAgain() throws Exception {
        assumeTrue(UnreadableFileIT.setprivDropsReadAccess(tmp), "setpriv cannot take read access away here");
        Path big = daemon.dir().resolve("big");
        Path other = Files.createDirectories(daemon.dir().resolve("other"));
        ManyFiles.write(big, FILES, 0).recordAsUploaded(daemon.stateDb(), EmulatorExtension.BUCKET, "big/");
        daemon.config().onlyWatch(big, "big/").withWatch("mirror-deletes", "true").watch(other, "other/")
                .set("rescan-interval", "3s");
        daemon.start();
        String bigScanned = "scan completed root=" + big + " files=" + FILES + " offered=0";
        daemon.awaitLog(bigScanned, Duration.ofSeconds(60));
        uploadsStillWork(other.resolve("before.bin"), 1);

        try {
            Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("---------"));
            awaitLines("scan failed", 2);
            assertThat(daemon.log()).containsPattern("WARN .*scan failed root=\\S+ reason=\\S+ error=java.nio.file."
                    + "AccessDeniedException: " + big);
            uploadsStillWork(other.resolve("during.bin"), 2);

            Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("r--r--r--"));
            awaitLines("scan could not read more paths", 2);
            assertThat(daemon.log()).containsPattern("WARN .*scan could not read root=\\S+ path=f\\d+\\.txt "
                    + "error=java.nio.file.AccessDeniedException").contains("more=" + (FILES - 10) + " unreadable=" + FILES);
            // A few paths and one count per scan: the log does not grow by a line per file.
            assertThat(count("scan could not read root=")).isLessThan(1000);
            assertThat(daemon.alive()).isTrue();
        } finally {
            Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        // Readable again: the next rescan sees all of it as it was, known.
        awaitLines(bigScanned, count(bigScanned) + 1);
        assertThat(new StateRows(daemon.stateDb()).count("ledger", "object_key LIKE 'big/%'")).isEqualTo(FILES);
        for (OssOperation op : BIG_WRITES) {
            long expected = op == OssOperation.PUT_OBJECT ? 2 : 0;   // before.bin and during.bin
            assertThat(emulator.emulator().counters().requests(op)).as(op.toString()).isEqualTo(expected);
        }
        assertThat(daemon.log()).doesNotContain("files deleted while unwatched").doesNotContain("deletions held");
        assertThat(daemon.terminate()).isZero();
    }

    /** A new file in the other watch is mirrored: the {@code n}-th PutObject of the test. */
    private void uploadsStillWork(Path file, int n) throws Exception {
        TestFiles.random(file, 3000, n);
        daemon.awaitObject("other/" + file.getFileName(), TestFiles.sha256(file), Duration.ofSeconds(30));
        assertThat(emulator.emulator().counters().requests(OssOperation.PUT_OBJECT)).isEqualTo(n);
    }

    private void awaitLines(String fragment, int atLeast) {
        Awaitility.await(atLeast + " lines with " + fragment).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> count(fragment) >= atLeast);
    }

    private int count(String fragment) throws IOException {
        return (int) daemon.logLines().stream().filter(l -> l.contains(fragment)).count();
    }
}
