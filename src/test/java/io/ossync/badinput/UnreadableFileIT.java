package io.ossync.badinput;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A file the daemon cannot read is set aside with its reason, shown by {@code ossync status}, and
 * tried again once it changes. Tests run as root here, who reads any file: the daemon runs as a
 * child JVM under {@code setpriv} without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so root is
 * held to the file's mode bits like anyone else (mode 000: no read even for the owner).
 */
class UnreadableFileIT {

    static final List<String> WITHOUT_DAC_CAPABILITIES = List.of("setpriv",
            "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search");

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator).commandPrefix(WITHOUT_DAC_CAPABILITIES);

    @TempDir
    Path tmp;

    static boolean setprivDropsReadAccess(Path dir) throws Exception {
        Path probe = Files.writeString(dir.resolve("probe"), "x");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("---------"));
        List<String> cmd = new java.util.ArrayList<>(WITHOUT_DAC_CAPABILITIES);
        cmd.addAll(List.of("cat", probe.toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() != 0;   // cat refused: the mode bits hold
        } catch (java.io.IOException noSetpriv) {
            return false;
        } finally {
            Files.delete(probe);
        }
    }

    @Test
    void anUnreadableFileIsSetAsideWithItsReasonShownByStatusAndRetriedWhenItChanges() throws Exception {
        assumeTrue(setprivDropsReadAccess(tmp), "setpriv cannot take read access away here");
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path locked = TestFiles.random(inbox.resolve("locked.bin"), 20_000, 1);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Path fine = TestFiles.random(inbox.resolve("fine.bin"), 20_000, 2);
        daemon.config().onlyWatch(inbox, "in/");
        daemon.start();
        daemon.awaitObject("in/fine.bin", TestFiles.sha256(fine), Duration.ofSeconds(30));
        daemon.awaitLog("file set aside path=" + locked, Duration.ofSeconds(30));
        assertThat(daemon.log()).containsPattern("WARN .*file set aside path=" + locked + " reason=\".*denied");
        assertThat(daemon.remote().exists(EmulatorExtension.BUCKET, "in/locked.bin")).isFalse();

        String status = BadNamesAndFoldersIT.status(daemon.configFile());
        assertThat(status).contains("1 set aside").contains(locked.toString()).containsIgnoringCase("denied");
        String json = BadNamesAndFoldersIT.status(daemon.configFile(), "--json");
        assertThat(json).contains(locked.toString()).containsIgnoringCase("denied");

        // Readable again and changed: the watcher sees the change and the job comes back.
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-r--r--"));
        TestFiles.append(locked, 1000, 3);
        daemon.awaitObject("in/locked.bin", TestFiles.sha256(locked), Duration.ofSeconds(30));
        assertThat(BadNamesAndFoldersIT.status(daemon.configFile())).contains("0 set aside");
        assertThat(daemon.terminate()).isZero();
    }
}
