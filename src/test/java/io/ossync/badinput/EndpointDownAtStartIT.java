package io.ossync.badinput;

import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssEmulator;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing listens on the endpoint when the daemon starts: it keeps running and uploads once it does. */
class EndpointDownAtStartIT {

    @TempDir
    Path tmp;

    @Test
    void theDaemonRetriesAndUploadsOnceTheEndpointComesUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path early = TestFiles.random(inbox.resolve("early.bin"), 3L * 1024 * 1024 + 7, 1);   // multipart
        try (InProcessDaemon d = new InProcessDaemon(tmp, "http://127.0.0.1:" + port, inbox, "in/", "").start()) {
            d.awaitLog("will retry", Duration.ofSeconds(60));
            Path during = TestFiles.random(inbox.resolve("during.bin"), 5000, 2);
            Thread.sleep(1000);
            assertThat(d.log()).noneMatch(l -> l.contains("file set aside"));
            Path data = Files.createDirectories(tmp.resolve("oss-data"));
            try (OssEmulator emulator = OssEmulator.start(new EmulatorConfig(data, port, List.of(InProcessDaemon.BUCKET),
                    EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET, null))) {
                d.awaitObject("in/early.bin", TestFiles.sha256(early), Duration.ofSeconds(90));
                d.awaitObject("in/during.bin", TestFiles.sha256(during), Duration.ofSeconds(90));
                assertThat(d.remote().openUploads(InProcessDaemon.BUCKET, "")).isEmpty();
                Path after = TestFiles.random(inbox.resolve("after.bin"), 5000, 3);
                d.awaitObject("in/after.bin", TestFiles.sha256(after), Duration.ofSeconds(30));
            }
        }
    }
}
