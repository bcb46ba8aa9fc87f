package io.ossync.badinput;

import io.ossync.cli.ExitCodes;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state database, or its lock file, deleted under a running daemon (a child JVM, as systemd
 * runs it): within seconds an ERROR names the file, {@code /health} answers 503 with the reason,
 * the daemon stops in order and exits {@link ExitCodes#STATE_LOST}; a daemon started afterwards
 * on the same config opens a fresh database and uploads again.
 */
class StateFilesDeletedIT {

    private static final Pattern METRICS_PORT = Pattern.compile("metrics listening on http://[^:]+:(\\d+)/");
    /** The watch looks every 2 s; stopping adds the idle workers' stop. */
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(15);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startDaemonAndUploadOneFile() throws Exception {
        daemon.config().set("metrics", "{ listen: \"127.0.0.1:0\" }");
        daemon.start();
        Path first = TestFiles.random(daemon.inbox().resolve("first.bin"), 20_000, 1);
        daemon.awaitObject("in/first.bin", TestFiles.sha256(first), Duration.ofSeconds(30));
        assertThat(health().statusCode()).isEqualTo(200);
    }

    @Test
    void deletedStateDatabaseStopsTheDaemonWithExit75AndARestartStartsAfresh() throws Exception {
        Path db = daemon.stateDb().toAbsolutePath();
        Files.delete(db);

        assertStoppedBecause("state database", db);
        assertRestartWorks();
        assertThat(daemon.log()).as("a fresh database, its ledger empty").contains("state database opened path="
                + db + " schema=").contains("migrated_from=0").contains("ledger loaded files=0");
    }

    @Test
    void deletedLockFileStopsTheDaemonWithExit75AndASecondDaemonStartsAfterIt() throws Exception {
        Path lock = Path.of(daemon.stateDb().toAbsolutePath() + ".lock");
        Files.delete(lock);

        assertStoppedBecause("lock file", lock);
        assertRestartWorks();
        assertThat(lock).as("the new daemon's lock").exists();
        assertThat(daemon.log()).as("the database itself was kept, with its ledger").contains("ledger loaded files=1");
    }

    /** Health (when the endpoint is still up to answer), the ERROR line, the orderly stop, the exit code. */
    private void assertStoppedBecause(String role, Path path) throws Exception {
        String reason = role + " " + path + " was deleted under the running daemon";
        HttpResponse<String> down = healthUnlessGone();
        if (down != null) {
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("state database in place: " + reason)
                    .as("writes refused from the loss on")
                    .contains("state database writable: state database not writable: state database "
                            + daemon.stateDb().toAbsolutePath() + " takes no more writes: " + reason);
        }
        assertThat(daemon.awaitExit(EXIT_WITHIN)).isEqualTo(ExitCodes.STATE_LOST);
        String log = daemon.log();
        assertThat(log).contains("ERROR", "state database deleted or replaced under the running daemon, stopping "
                + "file=\"" + role + "\" path=" + path + " reason=\"was deleted\"");
        assertThat(log).contains("ossync stopping", "ossync stopped",
                "ossync exits, its state database or lock file was deleted or replaced exit_code=75 reason=\""
                        + reason + "\"");
        assertThat(log.indexOf("ossync stopped")).as("orderly stop before the exit line")
                .isLessThan(log.indexOf("exit_code=75"));
    }

    private void assertRestartWorks() throws Exception {
        daemon.start();
        Path second = TestFiles.random(daemon.inbox().resolve("second.bin"), 30_000, 2);
        daemon.awaitObject("in/second.bin", TestFiles.sha256(second), Duration.ofSeconds(30));
        assertThat(health().statusCode()).isEqualTo(200);
    }

    /** The 503, or null when the daemon already stopped its endpoint (its own 2 s check came first). */
    private HttpResponse<String> healthUnlessGone() throws Exception {
        try {
            return health();
        } catch (ConnectException gone) {
            return null;
        }
    }

    private HttpResponse<String> health() throws IOException, InterruptedException {
        Matcher m = METRICS_PORT.matcher(daemon.log());
        assertThat(m.find()).as("metrics port in the log").isTrue();
        URI uri = URI.create("http://127.0.0.1:" + m.group(1) + "/health");
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
