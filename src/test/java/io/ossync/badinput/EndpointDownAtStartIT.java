package io.ossync.badinput;

import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssEmulator;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing listens on the endpoint when the daemon starts: it keeps running and uploads once it does. */
class EndpointDownAtStartIT {

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess();

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
        daemon.config().endpoint("http://127.0.0.1:" + port).onlyWatch(inbox, "in/");
        daemon.start();
        daemon.awaitLog("will retry", Duration.ofSeconds(60));
        Path during = TestFiles.random(inbox.resolve("during.bin"), 5000, 2);
        Thread.sleep(1000);
        assertThat(daemon.logLines()).noneMatch(l -> l.contains("file set aside"));
        Path data = Files.createDirectories(tmp.resolve("oss-data"));
        try (OssEmulator emulator = OssEmulator.start(new EmulatorConfig(data, port, List.of(EmulatorExtension.BUCKET),
                EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET, null))) {
            daemon.awaitObject("in/early.bin", TestFiles.sha256(early), Duration.ofSeconds(90));
            daemon.awaitObject("in/during.bin", TestFiles.sha256(during), Duration.ofSeconds(90));
            assertThat(daemon.remote().openUploads(EmulatorExtension.BUCKET, "")).isEmpty();
            Path after = TestFiles.random(inbox.resolve("after.bin"), 5000, 3);
            daemon.awaitObject("in/after.bin", TestFiles.sha256(after), Duration.ofSeconds(30));
        }
    }
}
