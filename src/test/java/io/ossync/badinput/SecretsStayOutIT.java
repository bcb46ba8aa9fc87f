package io.ossync.badinput;

import io.ossync.cli.ExitCodes;
import io.ossync.cli.Main;
import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssEmulator;
import io.ossync.testing.CredentialsUriServer;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canary credentials never leave the process: not in the log at TRACE (with a phase of wrong
 * secrets, so signature errors are logged), not in {@code ossync status} or its JSON, not in the
 * state database or its WAL. And a configuration file holding a credential that others can read
 * draws a warning where the user sees it.
 */
class SecretsStayOutIT {

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm();

    @TempDir
    Path tmp;

    private static final String BUCKET = EmulatorExtension.BUCKET;

    private final String rightSecret = "CANARY-SECRET-right-" + UUID.randomUUID();
    private final String wrongSecret = "CANARY-SECRET-wrong-" + UUID.randomUUID();
    private final String token = "CANARY-SECRET-token-" + UUID.randomUUID();

    private List<String> canaries() {
        return List.of(rightSecret, wrongSecret, token,
                // Pieces too, in case a value is cut or wrapped.
                rightSecret.substring(rightSecret.length() - 12), wrongSecret.substring(wrongSecret.length() - 12),
                token.substring(token.length() - 12));
    }

    private void assertNoCanary(String where, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);   // byte for byte, ASCII canaries
        for (String c : canaries()) {
            assertThat(text).as("%s holds a canary", where).doesNotContain(c);
        }
    }

    private void assertNoCanaryInStateFiles(Path stateDir) throws Exception {
        try (var files = Files.list(stateDir)) {
            for (Path f : files.toList()) {
                assertNoCanary(f.toString(), Files.readAllBytes(f));
            }
        }
    }

    @Test
    void canarySecretsAppearInNoLogStatusOrStateFileAndAReadableConfigDrawsAWarning() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("oss-data"));
        try (OssEmulator emulator = OssEmulator.start(new EmulatorConfig(data, 0, List.of(BUCKET),
                EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID, rightSecret, token));
             RemoteObjects remote = new RemoteObjects(emulator.endpoint(), EmulatorExtension.REGION,
                     EmulatorExtension.ACCESS_KEY_ID, "unused")) {
            Path inbox = daemon.inbox();
            Path other = Files.createDirectories(tmp.resolve("other"));
            Path stateDir = daemon.stateDb().getParent();
            // A second watch whose prefix is shaped like an AccessKey ID: a warning, not an error.
            daemon.config().endpoint(emulator.endpoint()).watch(other, "LTAI5tQwErTyUiOpAsDfGh/");
            Path config = daemon.writeConfig();
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
            Path a = TestFiles.random(inbox.resolve("a.bin"), 3L * 1024 * 1024 + 3, 1);
            Path b = TestFiles.random(inbox.resolve("b.txt"), 3000, 2);
            List<byte[]> outputs = new ArrayList<>();

            daemon.environment(Map.of("OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
                    "OSS_ACCESS_KEY_SECRET", wrongSecret, "OSS_SESSION_TOKEN", token, "OSSYNC_LOG_LEVEL", "TRACE"));
            daemon.start();
            daemon.awaitLog("upload refused", Duration.ofSeconds(60));
            assertThat(daemon.log()).contains("config warning").contains("readable by group or others")
                    .contains("level=TRACE").contains("SignatureDoesNotMatch");
            outputs.add(BadNamesAndFoldersIT.status(config).getBytes(StandardCharsets.UTF_8));
            outputs.add(BadNamesAndFoldersIT.status(config, "--json").getBytes(StandardCharsets.UTF_8));
            assertNoCanaryInStateFiles(stateDir);
            assertThat(daemon.terminate()).isZero();
            assertNoCanary("log with wrong secret", daemon.log().getBytes(StandardCharsets.UTF_8));

            daemon.environment(Map.of("OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
                    "OSS_ACCESS_KEY_SECRET", rightSecret, "OSS_SESSION_TOKEN", token, "OSSYNC_LOG_LEVEL", "TRACE"));
            daemon.start();
            Awaitility.await("both files uploaded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> daemon.log().contains("file uploaded path=" + a)
                            && daemon.log().contains("file uploaded path=" + b));
            assertThat(emulator.counters().requests(io.ossync.emulator.OssOperation.COMPLETE_MULTIPART_UPLOAD))
                    .isEqualTo(1);
            outputs.add(BadNamesAndFoldersIT.status(config).getBytes(StandardCharsets.UTF_8));
            outputs.add(BadNamesAndFoldersIT.status(config, "--json").getBytes(StandardCharsets.UTF_8));
            assertNoCanaryInStateFiles(stateDir);   // WAL still there while it runs
            assertThat(daemon.terminate()).isZero();
            assertNoCanary("log with right secret", daemon.log().getBytes(StandardCharsets.UTF_8));
            assertNoCanaryInStateFiles(stateDir);
            for (byte[] out : outputs) {
                assertNoCanary("status output", out);
            }
        }
    }

    @Test
    void aSecretWrittenInAConfigReadableByOthersIsRefusedWithAWarningAndItsValueIsNotShown() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path config = Files.writeString(tmp.resolve("ossync.yaml"), """
                target: { endpoint: http://127.0.0.1:9, region: cn-hangzhou, bucket: b, access-key-secret: %s }
                state: %s
                watches:
                  - path: %s
                """.formatted(rightSecret, tmp.resolve("state.db"), inbox));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));

        int exit = cl.execute("run", "--config", config.toString());

        assertThat(exit).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("target.access-key-secret").contains("readable by group or others");
        assertNoCanary("run output", err.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Temporary credentials from a credentials URI (refreshed every few seconds while the daemon
     * works): their secret and token appear in no log, status output or state file either, and
     * status names the source and the expiry.
     */
    @Test
    void canaryCredentialsFromACredentialsUriStayOutToo() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("oss-data"));
        try (OssEmulator emulator = OssEmulator.start(new EmulatorConfig(data, 0, List.of(BUCKET),
                EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID, rightSecret, token));
             CredentialsUriServer uri = CredentialsUriServer.fixed(EmulatorExtension.ACCESS_KEY_ID, rightSecret, token,
                     Duration.ofSeconds(5))) {
            Path inbox = daemon.inbox();
            Path stateDir = daemon.stateDb().getParent();
            daemon.config().endpoint(emulator.endpoint()).credentials("{source: uri, uri: \"" + uri.uri() + "\"}");
            Path config = daemon.writeConfig();
            Path a = TestFiles.random(inbox.resolve("a.bin"), 3L * 1024 * 1024 + 3, 1);
            daemon.environment(Map.of("OSSYNC_LOG_LEVEL", "TRACE"));
            daemon.start();
            Awaitility.await("uploaded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> daemon.log().contains("file uploaded path=" + a));
            Awaitility.await("refreshed").atMost(Duration.ofSeconds(30)).until(() -> uri.fetches() >= 3);
            String status = BadNamesAndFoldersIT.status(config);
            String json = BadNamesAndFoldersIT.status(config, "--json");
            assertThat(status).contains("credentials  uri " + uri.uri() + " (temporary, expires ");
            assertThat(json).contains("\"source\" : \"uri " + uri.uri() + "\"");
            assertThat(daemon.log()).contains("credentials=\"uri " + uri.uri() + "\"");
            assertNoCanaryInStateFiles(stateDir);
            assertThat(daemon.terminate()).isZero();
            assertNoCanary("log with URI credentials", daemon.log().getBytes(StandardCharsets.UTF_8));
            assertNoCanary("status", status.getBytes(StandardCharsets.UTF_8));
            assertNoCanary("status --json", json.getBytes(StandardCharsets.UTF_8));
            assertNoCanaryInStateFiles(stateDir);
        }
    }
}
