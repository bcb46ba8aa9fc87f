package io.ossync.credentials;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.emulator.StsConfig;
import io.ossync.emulator.StsEndpoint;
import io.ossync.emulator.StsFault;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials sources that misbehave when the daemon (a child JVM) starts: the emulator's credentials
 * URI answering a body cut in the middle of its JSON, the ECS metadata service cutting every
 * connection. The daemon starts anyway, names the source in its WARN and on {@code /health} (503)
 * without quoting what was answered, sends nothing, and uploads the waiting file within seconds
 * once the source answers (the rescan is an hour away: it does not bring the job back).
 *
 * <p>Not here: a role without permission on the bucket. The emulator has no notion of permissions
 * (any key it issued may do anything); an {@code AccessDenied} from OSS is the store's ordinary
 * access error ({@code upload refused, will retry slowly}), covered outside credentials.
 */
class CredentialsBadInputIT {

    private static final List<StsEndpoint> METADATA = List.of(StsEndpoint.ECS_TOKEN, StsEndpoint.ECS_ROLE,
            StsEndpoint.ECS_CREDENTIALS);
    /** The source is asked again after 1, 2, 4, 8 s... of failures: healed after ~5 s, it is asked within ~5 s. */
    private static final Duration UPLOADED_AFTER_HEAL = Duration.ofSeconds(20);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension()
            .withSts(StsConfig.of(Duration.ofSeconds(20)).requiringImdsToken());

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator).environment(Map.of());

    @Test
    void aMalformedCredentialsAnswerKeepsTheDaemonUpNamesTheSourceNotTheBodyAndUploadsOnceHealed() throws Exception {
        String uri = emulator.sts().credentialsUri();
        emulator.sts().fail(StsEndpoint.CREDENTIALS_URI, StsFault.MALFORMED_JSON);
        daemon.config().credentials("{source: uri, uri: \"" + uri + "\"}");

        startsDownThenUploadsOnceHealed("uri " + uri, () -> emulator.sts().heal(StsEndpoint.CREDENTIALS_URI));

        assertThat(daemon.log()).doesNotContain("STS.trunc");
        assertThat(emulator.sts().requests(StsEndpoint.CREDENTIALS_URI)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aMetadataServiceDownAtStartKeepsTheDaemonUpAndItUploadsOnceTheServiceAnswers() throws Exception {
        daemon.jvmOptions("-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + emulator.emulator().port());
        METADATA.forEach(e -> emulator.sts().fail(e, StsFault.CONNECTION_CUT));
        daemon.config().credentials("ecs-ram-role");

        startsDownThenUploadsOnceHealed("ecs-ram-role", () -> METADATA.forEach(emulator.sts()::heal));

        assertThat(daemon.log()).contains("credentials loaded source=ecs-ram-role access_key_id=STS.");
    }

    /**
     * The credentials URI fails while a big upload runs, past the expiry of the key in use: its
     * parts are refused (the job waits), and once the URI answers again the upload resumes from its
     * checkpoint under the next key: no restart, the object byte-identical.
     */
    @Test
    void aSourceDownPastTheKeysExpiryPausesABigUploadThatResumesUnderTheNextKey() throws Exception {
        String uri = emulator.sts().credentialsUri();
        daemon.config().credentials("{source: uri, uri: \"" + uri + "\"}").set("rescan-interval", "1h")
                .set("upload", "{ part-size: 1MiB, routines: 4, workers: 2, max-bandwidth: 1MiB }");
        daemon.start();
        Path staged = TestFiles.random(daemon.dir().resolve("big.bin"), 28L * 1024 * 1024, 3);
        String sha = TestFiles.sha256(staged);
        Path big = Files.move(staged, daemon.inbox().resolve("big.bin"), StandardCopyOption.ATOMIC_MOVE);
        daemon.awaitLog("upload started file=" + big, Duration.ofSeconds(10));
        emulator.sts().fail(StsEndpoint.CREDENTIALS_URI, StsFault.SERVER_ERROR);

        // The key dies 20 s after the start; the refresh at 16 s and its retries fail.
        daemon.awaitLog("upload refused, will retry slowly path=" + big, Duration.ofSeconds(40));
        assertThat(daemon.log()).contains("credentials refresh failed").contains("SecurityTokenExpired");
        emulator.sts().heal(StsEndpoint.CREDENTIALS_URI);

        // Asked again on the refresh back-off (1, 2, 4, 8, 16 s...: the refused parts' renewals do not
        // grow it), then the job is due at once and sends its last ~10 MiB.
        daemon.awaitObject("in/big.bin", sha, Duration.ofSeconds(45));
        assertThat(daemon.log()).contains("credentials back: waiting jobs due now count=1")
                .contains("upload resumed file=" + big);
        assertThat(daemon.logLines()).filteredOn(l -> l.contains("upload completed file=" + big)).singleElement()
                .asString().contains("restarts=0").doesNotContain("resumed=0 ");
        assertThat(daemon.log()).doesNotContain("upload restarted").doesNotContain("set aside")
                .doesNotContain("upload failed");
        assertThat(daemon.terminate()).isZero();
    }

    /**
     * Starts the daemon on a failing source named {@code source}, checks what it says, writes a
     * file, heals the source after a few seconds and waits for the upload.
     */
    private void startsDownThenUploadsOnceHealed(String source, Runnable heal) throws Exception {
        daemon.config().set("rescan-interval", "1h").set("metrics", "{ listen: \"127.0.0.1:0\" }");
        daemon.start();
        assertThat(daemon.log()).contains("credentials refresh failed, retrying in the background reason=\"" + source
                + ": ").contains("credentials=\"" + source + "\"");
        HttpResponse<String> health = daemon.httpGet("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("credentials fresh: " + source + ": ");

        Path file = TestFiles.random(daemon.inbox().resolve("waiting.bin"), 30_000, 7);
        daemon.awaitLog("upload refused, will retry slowly path=" + file, Duration.ofSeconds(10));
        assertThat(daemon.remote().exists(EmulatorExtension.BUCKET, "in/waiting.bin")).isFalse();
        assertThat(emulator.emulator().counters().requests(OssOperation.PUT_OBJECT)).isZero();
        Thread.sleep(3000);

        heal.run();
        daemon.awaitObject("in/waiting.bin", TestFiles.sha256(file), UPLOADED_AFTER_HEAL);
        Awaitility.await("healthy").atMost(Duration.ofSeconds(10)).until(() -> daemon.httpGet("/health").statusCode() == 200);
        assertThat(daemon.log()).doesNotContain("set aside");
        assertThat(daemon.terminate()).isZero();
    }
}
