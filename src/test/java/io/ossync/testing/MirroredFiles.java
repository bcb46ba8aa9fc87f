package io.ossync.testing;

import io.ossync.emulator.Counters;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.UploadLines.Uploaded;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files of a daemon's default watch ({@code inbox/}, prefix {@code in/}) and their objects in
 * the emulator's bucket: waits for a file's n-th {@code file uploaded} line, checks object = file,
 * and reads what the emulator received and copied since a mark. For the tests of logs that grow,
 * rotate and are copied.
 */
public final class MirroredFiles {

    public static final int KIB = 1024;
    /** The part size of {@link #logWatch()}: the smallest OSS takes, so that a few hundred KiB make parts. */
    public static final int PART = 100 * KIB;
    private static final String PREFIX = "in/";

    private final DaemonExtension daemon;
    private final EmulatorExtension emulator;
    private final Duration wait;
    private long receivedMark;
    private long copiedMark;

    public MirroredFiles(DaemonExtension daemon, EmulatorExtension emulator, Duration wait) {
        this.daemon = daemon;
        this.emulator = emulator;
        this.wait = wait;
    }

    /** The daemon's configuration for logs: 100 KiB parts, 4 routines, 2 workers, a 300 ms quiet period. */
    public TestConfig logWatch() {
        return daemon.config().upload("100KiB", 4, 2).quietPeriod("300ms");
    }

    /**
     * Writes {@code size} random bytes to {@code name} in the watched folder, starts the daemon and
     * waits for the file's first upload, which sends it whole; returns the file.
     */
    public Path startWithMirrored(String name, long size) throws Exception {
        Path file = TestFiles.random(file(name), size, 1);
        daemon.start();
        assertThat(awaitUpload(file, 1).how()).as("first upload of %s", file).isEqualTo("whole");
        return file;
    }

    /** A file of the watched folder. */
    public Path file(String name) {
        return daemon.inbox().resolve(name);
    }

    public String key(Path file) {
        return PREFIX + daemon.inbox().relativize(file).toString().replace('\\', '/');
    }

    /** The file's uploads logged so far, oldest first. */
    public List<Uploaded> uploads(Path file) throws IOException {
        return UploadLines.of(daemon.logLines(), file);
    }

    /**
     * Waits for the file's {@code n}-th upload line (1 = the first of this run's log) and for its
     * object to equal the file; returns that upload.
     */
    public Uploaded awaitUpload(Path file, int n) throws IOException {
        Awaitility.await("upload " + n + " of " + file).atMost(wait).pollInterval(Duration.ofMillis(50))
                .until(() -> uploads(file).size() >= n);
        assertMirrored(file);
        return uploads(file).get(n - 1);
    }

    /** Waits until the object of each file equals it. */
    public void awaitMirrored(Path... files) throws IOException {
        for (Path file : files) {
            daemon.awaitObject(key(file), TestFiles.sha256(file), wait);
        }
    }

    /** The object of each file equals it now. */
    public void assertMirrored(Path... files) throws IOException {
        for (Path file : files) {
            assertThat(daemon.remote().sha256(EmulatorExtension.BUCKET, key(file)))
                    .as("object %s = file %s", key(file), file).isEqualTo(TestFiles.sha256(file));
        }
    }

    /** Starts counting received and copied bytes from now. */
    public void mark() {
        receivedMark = counters().bodyBytesReceived();
        copiedMark = counters().bytesCopied();
    }

    /** Request body bytes the emulator received since {@link #mark()} (file bytes and request XML). */
    public long receivedSinceMark() {
        return counters().bodyBytesReceived() - receivedMark;
    }

    /** Bytes the emulator copied from stored objects since {@link #mark()}. */
    public long copiedSinceMark() {
        return counters().bytesCopied() - copiedMark;
    }

    /** The bucket, read with the emulator's keys. */
    public RemoteObjects remote() throws IOException {
        return daemon.remote();
    }

    public Counters counters() {
        return emulator.emulator().counters();
    }
}
