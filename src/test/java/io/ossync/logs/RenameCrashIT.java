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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.ossync.emulator.EmulatorExtension.BUCKET;
import static io.ossync.testing.MirroredFiles.KIB;
import static io.ossync.testing.MirroredFiles.PART;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} while a renamed file's copy is in flight, with {@code mirror-deletes}: after the
 * restart the copy is made, and only then does the old path's object go (never neither object).
 */
class RenameCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);

    @Test
    void aRenameKilledDuringItsCopyIsCopiedAfterTheRestartThenTheOldObjectGoes() throws Exception {
        MirroredFiles mirror = new MirroredFiles(daemon, emulator, WAIT);
        mirror.logWatch().withWatch("mirror-deletes", "true");
        // Other files, so that one file gone is not "most of the folder gone" (deletions held).
        Path other1 = TestFiles.random(mirror.file("other1.log"), 10 * KIB, 2);
        Path other2 = TestFiles.random(mirror.file("other2.log"), 10 * KIB, 3);
        Path log = mirror.startWithMirrored("app.log", 320 * KIB);
        mirror.awaitMirrored(other1, other2);

        emulator.emulator().faults().latency(OssOperation.COPY_OBJECT, Duration.ofMillis(1500));
        Path rotated = mirror.file("app.log.1");
        mirror.mark();
        Files.move(log, rotated);
        Awaitility.await("the copy in flight").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> mirror.counters().requests(OssOperation.COPY_OBJECT) >= 1);
        daemon.kill9();
        emulator.emulator().faults().clear();
        assertThat(daemon.remote().exists(BUCKET, "in/app.log")).as("the copy source, before the restart").isTrue();

        daemon.start();
        Uploaded copied = mirror.awaitUpload(rotated, 1);
        assertThat(copied.how()).isEqualTo("copy");
        daemon.awaitLog("object deleted after its file path=" + log, WAIT);
        assertThat(daemon.remote().exists(BUCKET, "in/app.log")).isFalse();
        mirror.assertMirrored(rotated, other1, other2);
        assertThat(mirror.receivedSinceMark()).as("bytes received: no file byte").isLessThan(PART);
        StateRows rows = new StateRows(daemon.stateDb());
        assertThat(rows.ledgerKey(log)).isNull();
        assertThat(rows.uploads()).isZero();
        assertThat(rows.setAside()).isZero();
        assertThat(daemon.remote().openUploads(BUCKET, "")).isEmpty();
    }
}
