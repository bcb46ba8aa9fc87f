package io.ossync.badinput;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.ossync.state.SqliteFiles.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 11, point 3: a file replaced by a FIFO while its parts are sent is set aside with its
 * reason, its multipart upload aborted on the server, and {@code ossync status} agrees: set aside,
 * not in flight.
 */
class FileReplacedByFifoIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    @Test
    void aFileReplacedByAFifoMidUploadIsSetAsideWithItsUploadAbortedAndStatusAgrees() throws Exception {
        Path file = TestFiles.random(daemon.inbox().resolve("big.bin"), 20 * 100 * 1024, 1);
        daemon.config().upload("100KiB", 1, 1);
        // Slow parts: the replacement surely comes while the upload is under way.
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(200));
        daemon.start();
        Awaitility.await("two parts sent").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> emulator.emulator().counters().requests(OssOperation.UPLOAD_PART) >= 2);

        Files.delete(file);
        assumeTrue(new ProcessBuilder("mkfifo", file.toString()).inheritIO().start().waitFor() == 0, "mkfifo failed");
        daemon.awaitLog("file set aside path=" + file, WAIT);

        assertThat(daemon.log()).contains("WARN file set aside path=" + file + " reason=\"" + file
                + ": not a regular file (a FIFO, socket or device)\"");
        assertThat(daemon.remote().openUploads(EmulatorExtension.BUCKET, "")).as("open multipart uploads").isEmpty();
        assertThat(daemon.remote().exists(EmulatorExtension.BUCKET, "in/big.bin")).isFalse();
        // The watcher's delete event may have queued a re-run of the job: it ends set aside too.
        String status = Awaitility.await("status settled").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> BadNamesAndFoldersIT.status(daemon.configFile()), s -> s.contains("0 pending, 0 running"));
        assertThat(status).contains("1 set aside").contains("uploads in flight: none")
                .contains(file.toString()).contains("not a regular file (a FIFO, socket or device)");
    }

    @Test
    void aFifoFoundAtStartInPlaceOfAnInterruptedUploadsFileEndsThatUploadAndSetsTheFileAside() throws Exception {
        Path file = TestFiles.random(daemon.inbox().resolve("big.bin"), 20 * 100 * 1024, 2);
        daemon.config().upload("100KiB", 1, 1).set("shutdown-timeout", "1s");
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofSeconds(1));
        daemon.start();
        Awaitility.await("two parts sent").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> emulator.emulator().counters().requests(OssOperation.UPLOAD_PART) >= 2);
        daemon.terminate();   // the shutdown timeout ends the upload half way: its checkpoint stays
        assertThat(queryLong(daemon.stateDb(), "SELECT count(*) FROM uploads")).as("checkpoint left").isEqualTo(1);
        assertThat(daemon.remote().openUploads(EmulatorExtension.BUCKET, "")).hasSize(1);

        // While the daemon is down, a FIFO takes the file's place.
        Files.delete(file);
        assumeTrue(new ProcessBuilder("mkfifo", file.toString()).inheritIO().start().waitFor() == 0, "mkfifo failed");
        emulator.emulator().faults().clear();
        daemon.start();
        daemon.awaitLog("file set aside path=" + file, WAIT);

        Awaitility.await("the interrupted upload aborted").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> daemon.remote().openUploads(EmulatorExtension.BUCKET, "").isEmpty());
        assertThat(queryLong(daemon.stateDb(), "SELECT count(*) FROM uploads")).as("checkpoint rows").isZero();
        assertThat(daemon.remote().exists(EmulatorExtension.BUCKET, "in/big.bin")).isFalse();
        assertThat(BadNamesAndFoldersIT.status(daemon.configFile())).contains("1 set aside")
                .contains("uploads in flight: none");
    }
}
