package io.ossync.daemon;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon as users run it: a child JVM, real folders, the emulator as the target. */
class DaemonIT {

    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);

    @TempDir
    Path tmp;

    private long bytesReceived() {
        return emulator.emulator().counters().bodyBytesReceived(OssOperation.PUT_OBJECT)
                + emulator.emulator().counters().bodyBytesReceived(OssOperation.UPLOAD_PART);
    }

    @Test
    void nestedFoldersWithFilesAlreadyInsideAndABurstOfSmallFilesAllArrive() throws Exception {
        // Present before the daemon starts: only the start scan can find these.
        Path early = Files.createDirectories(daemon.inbox().resolve("early/a/b"));
        TestFiles.random(early.resolve("before.bin"), 3 * MIB + 5, 1);
        daemon.start();

        // A nested tree created at once, with files inside, then a burst of 2,000 small files.
        Path staging = Files.createDirectories(tmp.resolve("staging/x/y/z"));
        TestFiles.random(staging.resolve("deep.bin"), 70_000, 2);
        Files.move(tmp.resolve("staging/x"), daemon.inbox().resolve("x"));
        Map<String, String> expected = new LinkedHashMap<>();
        Path burst = Files.createDirectories(daemon.inbox().resolve("burst"));
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] data = new byte[100 + rnd.nextInt(2000)];
            rnd.nextBytes(data);
            Path f = burst.resolve("f" + i + ".log");
            Files.write(f, data);
            expected.put("in/burst/f" + i + ".log", TestFiles.sha256(f));
        }
        expected.put("in/early/a/b/before.bin", TestFiles.sha256(early.resolve("before.bin")));
        expected.put("in/x/y/z/deep.bin", TestFiles.sha256(daemon.inbox().resolve("x/y/z/deep.bin")));

        Awaitility.await("all objects").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> emulator.emulator().counters().requests(OssOperation.PUT_OBJECT)
                        + emulator.emulator().counters().requests(OssOperation.COMPLETE_MULTIPART_UPLOAD) >= expected.size());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            daemon.awaitObject(e.getKey(), e.getValue(), Duration.ofSeconds(30));
        }
        assertThat(daemon.remote().openUploads(EmulatorExtension.BUCKET, "")).isEmpty();
        assertThat(daemon.terminate()).as("exit code on SIGTERM").isZero();
        assertThat(daemon.log()).contains("ossync stopped");
    }

    @Test
    void aFileWrittenSlowlyIsUploadedOnceAfterItIsComplete() throws Exception {
        daemon.config().withWatch("quiet-period", "1s");
        daemon.start();
        Path f = daemon.inbox().resolve("slow.bin");
        byte[] chunk = new byte[4 * MIB];
        Random rnd = new Random(4);
        try (OutputStream out = Files.newOutputStream(f)) {
            for (int i = 0; i < 16; i++) {   // 64 MiB over about 5 s
                rnd.nextBytes(chunk);
                out.write(chunk);
                out.flush();
                Thread.sleep(300);
            }
        }
        daemon.awaitObject("in/slow.bin", TestFiles.sha256(f), Duration.ofSeconds(60));
        Thread.sleep(1500);   // anything more would show up in the counters now
        assertThat(bytesReceived()).as("bytes the server received").isEqualTo(64L * MIB);
    }

    @Test
    void killDashNineMidWorkloadThenRestartLosesNothingAndResendsNoFinishedFile() throws Exception {
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(40));
        daemon.start();
        Map<String, String> expected = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < 12; i++) {
            Path f = TestFiles.random(daemon.inbox().resolve("w" + i + ".bin"), (i % 3 == 0 ? 12L : 1L) * MIB + i, i);
            expected.put("in/w" + i + ".bin", TestFiles.sha256(f));
            total += Files.size(f);
        }
        // Kill once some files are done and others are in flight.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> emulator.emulator().counters().requests(OssOperation.PUT_OBJECT)
                        + emulator.emulator().counters().requests(OssOperation.COMPLETE_MULTIPART_UPLOAD) >= 3);
        daemon.kill9();
        long completedBeforeKill = emulator.emulator().counters().requests(OssOperation.PUT_OBJECT)
                + emulator.emulator().counters().requests(OssOperation.COMPLETE_MULTIPART_UPLOAD);

        daemon.start();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            daemon.awaitObject(e.getKey(), e.getValue(), Duration.ofSeconds(90));
        }
        Thread.sleep(1000);
        long puts = emulator.emulator().counters().requests(OssOperation.PUT_OBJECT);
        long completes = emulator.emulator().counters().requests(OssOperation.COMPLETE_MULTIPART_UPLOAD);
        System.out.printf("daemon kill test: %d files done before kill; %d bytes received for %d bytes of files%n",
                completedBeforeKill, bytesReceived(), total);
        assertThat(puts + completes).as("objects written: each file once").isEqualTo(expected.size());
        // At most the parts in flight at the kill are sent twice: 2 workers x 4 routines x 1 MiB.
        assertThat(bytesReceived()).isLessThanOrEqualTo(total + 8L * MIB);
        assertThat(daemon.remote().openUploads(EmulatorExtension.BUCKET, "")).isEmpty();
    }

    @Test
    void fileDeletedMidUploadLeavesNoOpenUpload() throws Exception {
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(100));
        daemon.start();
        Path f = TestFiles.random(daemon.inbox().resolve("doomed.bin"), 30L * MIB, 5);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> emulator.emulator().counters().requests(OssOperation.UPLOAD_PART) >= 2);
        Files.delete(f);
        Awaitility.await("no open upload").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> emulator.emulator().counters().requests(OssOperation.ABORT_MULTIPART_UPLOAD) >= 1
                        && daemon.remote().openUploads(EmulatorExtension.BUCKET, "").isEmpty());
        assertThat(daemon.remote().exists(EmulatorExtension.BUCKET, "in/doomed.bin")).isFalse();
    }

    @Test
    void afterUploadDeleteRemovesTheLocalFileOnlyOnceTheObjectIsVerified() throws Exception {
        daemon.config().withWatch("after-upload", "delete");
        daemon.start();
        Path f = TestFiles.random(daemon.inbox().resolve("move-me.bin"), 2L * MIB + 1, 6);
        String digest = TestFiles.sha256(f);
        Awaitility.await("local file deleted").atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(f));
        assertThat(daemon.remote().sha256(EmulatorExtension.BUCKET, "in/move-me.bin")).isEqualTo(digest);
    }

    @Test
    void mirrorDeletesWorksWhileRunningAndForDeletionsWhileStopped() throws Exception {
        daemon.config().withWatch("mirror-deletes", "true");
        daemon.start();
        Path a = TestFiles.random(daemon.inbox().resolve("a.txt"), 1000, 7);
        Path b = TestFiles.random(daemon.inbox().resolve("b.txt"), 1000, 8);
        daemon.awaitObject("in/a.txt", TestFiles.sha256(a), Duration.ofSeconds(30));
        daemon.awaitObject("in/b.txt", TestFiles.sha256(b), Duration.ofSeconds(30));

        Files.delete(a);
        Awaitility.await("object of a deleted").atMost(Duration.ofSeconds(30))
                .until(() -> !daemon.remote().exists(EmulatorExtension.BUCKET, "in/a.txt"));

        assertThat(daemon.terminate()).isZero();
        Files.delete(b);
        daemon.start();
        Awaitility.await("object of b deleted after restart").atMost(Duration.ofSeconds(30))
                .until(() -> !daemon.remote().exists(EmulatorExtension.BUCKET, "in/b.txt"));
    }
}
