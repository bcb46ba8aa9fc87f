package io.ossync.cli;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGHUP (a closed terminal, {@code systemctl kill -s HUP}, a habit of {@code kill -HUP} to reload)
 * stops the daemon cleanly, as SIGTERM does: it used to end the JVM at once with 129 and no
 * stopping line, which systemd counts as a failure and restarts.
 */
class SighupIT {

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);

    @Test
    void sighupStopsCleanlyWithExitZeroAndTheStoppingLines() throws Exception {
        daemon.start();
        String sha = TestFiles.sha256(TestFiles.random(daemon.inbox().resolve("a.bin"), 5000, 1));
        daemon.awaitObject("in/a.bin", sha, Duration.ofSeconds(30));

        assertThat(daemon.signal("HUP")).as("exit code on SIGHUP").isZero();

        List<String> lines = daemon.logLines();
        int signal = indexOf(lines, "signal received signal=SIGHUP");
        int stopping = indexOf(lines, "ossync stopping");
        int stopped = indexOf(lines, "ossync stopped");
        assertThat(signal).as(String.join("\n", lines)).isNotNegative();
        assertThat(stopping).as("stopping after the signal").isGreaterThan(signal);
        assertThat(stopped).as("stopped after stopping").isGreaterThan(stopping);
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }
}
