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

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Random;

import static io.ossync.testing.MirroredFiles.KIB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One log through the lives a log has: appended (only the new bytes sent, the old object copied on
 * the server), rewritten in place (its prefix no longer the object's: sent whole), replaced by
 * another file (a new inode: whole), and rotated by {@code copytruncate} (the copy made on the
 * server from the object of the file it was copied from, not one byte of it sent).
 */
class LogAppendIT {

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
        mirror.logWatch();
        log = mirror.startWithMirrored("app.log", 2048 * KIB);
    }

    @Test
    void appendsSendOnlyTheNewBytesThenRewritesReplacementsAndCopytruncateAreEachHandled() throws Exception {
        int uploads = 1;

        mirror.mark();
        for (int i = 1; i <= 3; i++) {
            TestFiles.append(log, 256 * KIB, 100 + i);
            Uploaded appended = mirror.awaitUpload(log, ++uploads);
            assertThat(appended.how()).as("upload after append %d", i).isEqualTo("append");
            assertThat(appended.bytesSent()).isEqualTo(256 * KIB);
            assertThat(appended.bytesCopied()).isEqualTo(appended.size() - 256 * KIB);
        }
        assertThat(mirror.receivedSinceMark()).as("bytes received for 3 appends of 256 KiB")
                .isLessThanOrEqualTo((long) (1.1 * 3 * 256 * KIB));
        assertThat(mirror.copiedSinceMark()).isEqualTo(2048 * KIB + 2304 * KIB + 2560 * KIB);

        // The first bytes rewritten in place, then appended: the prefix is no longer the object's.
        long inode = inode(log);
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "rw")) {
            byte[] rewrite = new byte[10 * KIB];
            new Random(7).nextBytes(rewrite);
            raf.write(rewrite);
            raf.seek(raf.length());
            raf.write(rewrite);
        }
        assertThat(inode(log)).isEqualTo(inode);
        mirror.mark();
        Uploaded rewritten = mirror.awaitUpload(log, ++uploads);
        assertThat(rewritten.how()).isEqualTo("whole");
        assertThat(rewritten.bytesCopied()).isZero();
        assertThat(mirror.receivedSinceMark()).isGreaterThanOrEqualTo(Files.size(log));

        // Replaced by a larger file (written beside the watch, moved over it: a new inode).
        Path replacement = TestFiles.random(daemon.dir().resolve("app.log.new"), Files.size(log) + 300 * KIB, 2);
        Files.move(replacement, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(inode(log)).isNotEqualTo(inode);
        Uploaded replaced = mirror.awaitUpload(log, ++uploads);
        assertThat(replaced.how()).isEqualTo("whole");
        assertThat(replaced.bytesSent()).isEqualTo(Files.size(log));

        // copytruncate: cp app.log app.log.1; truncate app.log; the writer goes on at its start.
        Path rotated = mirror.file("app.log.1");
        mirror.mark();
        Files.copy(log, rotated);
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "rw")) {
            raf.setLength(0);
        }
        TestFiles.append(log, 3 * KIB, 3);
        Uploaded copied = mirror.awaitUpload(rotated, 1);
        Uploaded truncated = mirror.awaitUpload(log, ++uploads);
        assertThat(copied.how()).isEqualTo("copy");
        assertThat(copied.bytesSent()).isZero();
        assertThat(copied.bytesCopied()).isEqualTo(Files.size(rotated));
        assertThat(truncated.how()).isEqualTo("whole");
        assertThat(truncated.size()).isEqualTo(3 * KIB);
        assertThat(mirror.receivedSinceMark()).as("bytes received for the rotation: the new 3 KiB only")
                .isLessThan(3 * KIB + 8 * KIB);
        mirror.assertMirrored(log, rotated);
    }

    @Test
    void aGrownFileWhoseObjectWasDeletedBehindOurBackIsSentWhole() throws Exception {
        daemon.remote().delete(EmulatorExtension.BUCKET, mirror.key(log));
        TestFiles.append(log, 256 * KIB, 4);

        Uploaded whole = mirror.awaitUpload(log, 2);
        assertThat(whole.how()).isEqualTo("whole");
        assertThat(whole.bytesSent()).isEqualTo(Files.size(log));
        assertThat(new StateRows(daemon.stateDb()).setAside()).isZero();
    }

    @Test
    void aGrownFileWhoseObjectWasOverwrittenBehindOurBackIsSentWhole() throws Exception {
        daemon.remote().put(EmulatorExtension.BUCKET, mirror.key(log), new byte[(int) Files.size(log)]);
        TestFiles.append(log, 256 * KIB, 5);

        Uploaded whole = mirror.awaitUpload(log, 2);
        assertThat(whole.how()).isEqualTo("whole");
        assertThat(whole.bytesCopied()).isZero();
    }

    private static long inode(Path file) throws Exception {
        return (Long) Files.getAttribute(file, "unix:ino");
    }
}
