package io.ossync.logs;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.MirroredFiles;
import io.ossync.testing.StateRows;
import io.ossync.testing.TestFiles;
import io.ossync.testing.UploadLines.Uploaded;
import org.junit.jupiter.api.BeforeEach;
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
 * logrotate's rename chain ({@code rotate 3}: app.log -> app.log.1 -> app.log.2 -> app.log.3, the
 * oldest deleted, a new app.log created): every renamed file's object is copied on the server from
 * its old path's object, so only the new app.log's bytes travel; with {@code mirror-deletes} the
 * deleted oldest file's object goes and no other is lost. A renamed file whose old object was
 * deleted behind the daemon's back is sent whole.
 */
class LogRotateIT {

    private static final int NEW_LOG = 150 * KIB;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    private MirroredFiles mirror;
    private Path log;

    @BeforeEach
    void mirrorTheLog() throws Exception {
        mirror = new MirroredFiles(daemon, emulator, WAIT);
        mirror.logWatch().withWatch("mirror-deletes", "true");
        log = mirror.startWithMirrored("app.log", 320 * KIB);
    }

    @Test
    void rotatedFilesAreCopiedOnTheServerAndTheDeletedOldestLosesItsObjectOnly() throws Exception {
        mirror.mark();
        long written = 0;
        for (int rotation = 1; rotation <= 3; rotation++) {
            written += rotate(rotation);
            awaitAllMirrored(rotation);
        }
        assertThat(mirror.receivedSinceMark()).as("bytes received for %d new bytes written", written)
                .isLessThanOrEqualTo((long) (1.1 * written));
        for (int n = 1; n <= 3; n++) {
            Path rotated = mirror.file("app.log." + n);
            assertThat(mirror.uploads(rotated)).as("uploads of %s", rotated)
                    .isNotEmpty().allMatch(u -> u.how().equals("copy") && u.bytesSent() == 0);
        }

        // The fourth rotation deletes the oldest (app.log.3) before app.log.2 takes its name.
        String oldest = TestFiles.sha256(mirror.file("app.log.3"));
        written = rotate(4);
        awaitAllMirrored(4);
        assertThat(daemon.remote().sha256(BUCKET, "in/app.log.3")).isNotEqualTo(oldest);

        // The oldest deleted without a rotation (maxage): its object goes, the others stay.
        Files.delete(mirror.file("app.log.3"));
        daemon.awaitLog("object deleted after its file path=" + mirror.file("app.log.3"), WAIT);
        assertThat(daemon.remote().exists(BUCKET, "in/app.log.3")).isFalse();
        mirror.assertMirrored(log, mirror.file("app.log.1"), mirror.file("app.log.2"));
        assertThat(new StateRows(daemon.stateDb()).ledgerKey(mirror.file("app.log.3"))).isNull();
        assertThat(daemon.logLines()).noneMatch(l -> l.contains("object deleted") && !l.contains("app.log.3"));
    }

    @Test
    void rotationsWhileTheDaemonIsDownAreCopiedWhenItStarts() throws Exception {
        rotate(1);
        awaitAllMirrored(1);
        daemon.terminate();
        emulator.emulator().counters().reset();
        long written = rotate(2) + rotate(3);

        daemon.start();
        awaitAllMirrored(3);
        assertThat(emulator.emulator().counters().bodyBytesReceived())
                .as("bytes received at start for %d new bytes written while down", written)
                .isLessThanOrEqualTo((long) (1.1 * written));
        assertThat(mirror.uploads(mirror.file("app.log.2"))).singleElement().extracting(Uploaded::how)
                .isEqualTo("copy");
        assertThat(mirror.uploads(mirror.file("app.log.3"))).singleElement().extracting(Uploaded::how)
                .isEqualTo("copy");
    }

    @Test
    void aRenamedFileWhoseOldObjectWasDeletedBehindOurBackIsSentWhole() throws Exception {
        daemon.remote().delete(BUCKET, "in/app.log");
        renamedIsSentWhole();
    }

    @Test
    void aRenamedFileWhoseOldObjectWasOverwrittenBehindOurBackIsSentWhole() throws Exception {
        daemon.remote().put(BUCKET, "in/app.log", new byte[(int) Files.size(log)]);
        renamedIsSentWhole();
    }

    @Test
    void aRenameWithNoNewFileCopiesTheObjectThenDeletesTheOldOne() throws Exception {
        Path rotated = mirror.file("app.log.1");
        mirror.mark();
        Files.move(log, rotated);

        Uploaded copied = mirror.awaitUpload(rotated, 1);
        assertThat(copied.how()).isEqualTo("copy");
        assertThat(copied.bytesSent()).isZero();
        daemon.awaitLog("object deleted after its file path=" + log, WAIT);
        assertThat(daemon.remote().exists(BUCKET, "in/app.log")).isFalse();
        mirror.assertMirrored(rotated);
        assertThat(mirror.receivedSinceMark()).isLessThan(PART);
        StateRows rows = new StateRows(daemon.stateDb());
        assertThat(rows.ledgerKey(log)).isNull();
        assertThat(rows.ledgerKey(rotated)).isEqualTo("in/app.log.1");
    }

    /** app.log renamed to app.log.1 after its object was tampered with: the copy is refused, the file sent. */
    private void renamedIsSentWhole() throws Exception {
        Path rotated = mirror.file("app.log.1");
        mirror.mark();
        Files.move(log, rotated);

        Uploaded whole = mirror.awaitUpload(rotated, 1);
        assertThat(whole.how()).isEqualTo("whole");
        assertThat(whole.bytesSent()).isEqualTo(Files.size(rotated));
        assertThat(mirror.receivedSinceMark()).isGreaterThanOrEqualTo(Files.size(rotated));
        StateRows rows = new StateRows(daemon.stateDb());
        assertThat(rows.setAside()).isZero();
        assertThat(rows.ledgerKey(rotated)).isEqualTo("in/app.log.1");
    }

    /** One logrotate run ({@code rotate 3}, {@code create}), then the new app.log written; returns its size. */
    private long rotate(int rotation) throws Exception {
        Files.deleteIfExists(mirror.file("app.log.3"));
        for (int n = 2; n >= 1; n--) {
            if (Files.exists(mirror.file("app.log." + n))) {
                Files.move(mirror.file("app.log." + n), mirror.file("app.log." + (n + 1)));
            }
        }
        Files.move(log, mirror.file("app.log.1"));
        Files.createFile(log);
        TestFiles.append(log, NEW_LOG, 1000 + rotation);
        return NEW_LOG;
    }

    /** Every file of the rotation mirrored, app.log's new version included. */
    private void awaitAllMirrored(int rotations) throws Exception {
        mirror.awaitMirrored(log);
        for (int n = 1; n <= Math.min(rotations, 3); n++) {
            mirror.awaitMirrored(mirror.file("app.log." + n));
        }
    }
}
