package io.ossync.logs;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.MirroredFiles;
import io.ossync.testing.StateRows;
import io.ossync.testing.TestFiles;
import io.ossync.testing.UploadLines.Uploaded;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;

import static io.ossync.emulator.EmulatorExtension.BUCKET;
import static io.ossync.testing.MirroredFiles.KIB;
import static io.ossync.testing.MirroredFiles.PART;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon killed with {@code kill -9} in the middle of an append (the old object copied as part
 * 1, some new parts sent): the next start resumes that upload. The copy is not made again, the
 * recorded new parts are not sent again, and no multipart upload is left open.
 */
class AppendCrashIT {

    private static final int APPENDED = 2048 * KIB;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);

    private MirroredFiles mirror;
    private StateRows rows;
    private Path log;

    @Test
    void anAppendKilledMidUploadResumesWithoutCopyingOrSendingTwice() throws Exception {
        long recorded = killedMidAppend();

        daemon.start();
        Uploaded resumed = mirror.awaitUpload(log, 1);
        assertThat(resumed.how()).isEqualTo("append");
        assertThat(mirror.counters().requests(OssOperation.UPLOAD_PART_COPY)).as("copies in both runs").isEqualTo(1);
        assertThat(mirror.counters().bytesCopied()).isEqualTo(4096 * KIB);
        long received = mirror.counters().bodyBytesReceived(OssOperation.UPLOAD_PART);
        assertThat(received).as("new bytes received in both runs (%d parts recorded at the kill)", recorded)
                .isLessThanOrEqualTo(APPENDED + PART);
        assertThat(resumed.bytesSent()).as("sent by the second run")
                .isLessThanOrEqualTo(APPENDED - (recorded - 1) * PART + PART);
        assertThat(daemon.log()).contains("upload resumed");
        assertNothingLeftOver();
    }

    /** Invariant 3: the file changed between the crash and the restart, so every part goes again. */
    @Test
    void anAppendKilledMidUploadThenGrownAgainStartsOverAndAbortsTheOldUpload() throws Exception {
        killedMidAppend();
        TestFiles.append(log, 50 * KIB, 3);

        daemon.start();
        Uploaded again = mirror.awaitUpload(log, 1);
        assertThat(again.how()).isEqualTo("append");
        assertThat(again.bytesSent()).isEqualTo(APPENDED + 50 * KIB);
        assertThat(mirror.counters().requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isGreaterThanOrEqualTo(1);
        assertNothingLeftOver();
    }

    /**
     * A 4 MiB log mirrored, 2 MiB appended, the daemon killed once the copied part and a new part
     * are recorded; returns the parts recorded at the kill. Counters count from the append on.
     */
    private long killedMidAppend() throws Exception {
        mirror = new MirroredFiles(daemon, emulator, WAIT);
        rows = new StateRows(daemon.stateDb());
        // One routine: one part in flight at the kill.
        mirror.logWatch().upload("100KiB", 1, 1);
        log = mirror.startWithMirrored("app.log", 4096 * KIB);

        // Each new part waits 250 ms on the server: the append is in flight long enough to be killed.
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(250));
        mirror.counters().reset();
        TestFiles.append(log, APPENDED, 2);
        Awaitility.await("the copied part and a new part recorded").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> rows.partsOfCopyingUploads() >= 2);
        daemon.kill9();
        long recorded = rows.partsOfCopyingUploads();
        assertThat(recorded).as("parts recorded at the kill").isBetween(2L, 20L);
        assertThat(mirror.counters().requests(OssOperation.UPLOAD_PART_COPY)).isEqualTo(1);
        emulator.emulator().faults().clear();
        return recorded;
    }

    private void assertNothingLeftOver() throws Exception {
        assertThat(daemon.remote().openUploads(BUCKET, "")).isEmpty();
        assertThat(rows.uploads()).isZero();
        assertThat(rows.ledgerKey(log)).isEqualTo("in/app.log");
        assertThat(daemon.remote().sha256(BUCKET, "in/app.log")).isEqualTo(TestFiles.sha256(log));
    }
}
