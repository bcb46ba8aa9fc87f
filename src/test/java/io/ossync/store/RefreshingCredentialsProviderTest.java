package io.ossync.store;

import com.aliyun.oss.common.auth.Credentials;
import io.ossync.config.CredentialsSetting;
import io.ossync.config.CredentialsSource;
import io.ossync.testing.CredentialsUriServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The credentials chain and its background refresh, against a credentials URI on loopback (the
 * library's own HTTP client and JSON parsing run for real) and profile files in a temp HOME.
 */
class RefreshingCredentialsProviderTest {

    @TempDir
    Path home;

    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    private CredentialsUriServer server(Duration lifetime) throws Exception {
        CredentialsUriServer s = new CredentialsUriServer(lifetime);
        closeLater.add(s);
        return s;
    }

    private RefreshingCredentialsProvider start(CredentialsSetting setting, Map<String, String> env) {
        RefreshingCredentialsProvider p = RefreshingCredentialsProvider.start(setting, env, home);
        closeLater.add(0, p);
        return p;
    }

    private static CredentialsSetting uri(String uri) {
        return new CredentialsSetting(CredentialsSource.URI, Optional.empty(), Optional.of(uri), Optional.empty());
    }

    private static String everythingShown(RefreshingCredentialsProvider p) {
        return p.state() + " " + p.problem() + " " + p.unavailable() + " " + p.getCredentials().getAccessKeyId();
    }

    @Test
    void uriCredentialsAreRenewedBeforeTheyExpireWithoutBlockingReaders() throws Exception {
        CredentialsUriServer s = server(Duration.ofSeconds(4));
        RefreshingCredentialsProvider p = start(uri(s.uri()), Map.of());

        Credentials first = p.getCredentials();
        assertThat(first.getAccessKeyId()).isEqualTo("STS.key-1");
        assertThat(first.getSecretAccessKey()).isEqualTo("CANARY-secret-1");
        assertThat(first.getSecurityToken()).isEqualTo("CANARY-token-1");
        Instant expiry = p.state().expiry().orElseThrow();
        assertThat(p.state().source()).isEqualTo("uri " + s.uri());
        assertThat(p.problem()).isEmpty();

        // 80% of a lifetime of 3-4 s: renewed about a second before the first key expires.
        await().atMost(Duration.ofSeconds(4)).until(() -> !p.currentKeyId().equals("STS.key-1"));
        assertThat(Instant.now()).isBefore(expiry);
        assertThat(p.getCredentials().getSecurityToken()).isEqualTo("CANARY-token-2");
        assertThat(p.state().expiry().orElseThrow()).isAfter(expiry);
        assertThat(s.fetches()).isEqualTo(2);
        assertThat(p.state().toString()).doesNotContain("CANARY");
    }

    @Test
    void aFailingRefreshIsReportedAndRetriedUntilTheSourceAnswersAgain() throws Exception {
        CredentialsUriServer s = server(Duration.ofSeconds(2));
        RefreshingCredentialsProvider p = start(uri(s.uri()), Map.of());
        s.failWith(new CredentialsUriServer.Failure(500, "{\"AccessKeySecret\":\"CANARY-in-error-body\"}"));

        await().atMost(Duration.ofSeconds(5)).until(() -> p.problem().isPresent());
        assertThat(p.problem().orElseThrow()).contains("uri " + s.uri()).contains("HttpCode=500");
        assertThat(p.state().problemSince()).isPresent();
        // The last good key is kept for requests meanwhile.
        assertThat(p.currentKeyId()).isEqualTo("STS.key-1");
        assertThat(everythingShown(p)).doesNotContain("CANARY");

        s.failWith(null);
        await().atMost(Duration.ofSeconds(6)).until(() -> p.problem().isEmpty());
        assertThat(p.currentKeyId()).isNotEqualTo("STS.key-1");
    }

    @Test
    void requestsRefusedWhileTheSourceIsDownDoNotPutTheNextRefreshOff() throws Exception {
        CredentialsUriServer s = server(Duration.ofSeconds(2));
        RefreshingCredentialsProvider p = start(uri(s.uri()), Map.of());
        s.failWith(new CredentialsUriServer.Failure(503, "down"));
        await().atMost(Duration.ofSeconds(5)).until(() -> p.problem().isPresent());
        // Parts refused as expired, each asking for a renewal that fails.
        for (int i = 0; i < 10; i++) {
            assertThat(p.renewAfterRejection(p.currentKeyId())).isFalse();
        }

        s.failWith(null);
        // The back-off of the scheduled refreshes (1, 2, 4 s...), not its 60 s cap.
        await().atMost(Duration.ofSeconds(6)).until(() -> p.problem().isEmpty());
    }

    @Test
    void aMalformedAnswerNamesTheSourceButNeverItsContent() throws Exception {
        CredentialsUriServer s = server(Duration.ofMinutes(60));
        s.failWith(new CredentialsUriServer.Failure(200,
                "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.half\",\"AccessKeySecret\":\"CANARY-half-secret\"}"));
        RefreshingCredentialsProvider p = start(uri(s.uri()), Map.of());

        assertThat(p.unavailable()).isPresent();
        assertThat(p.problem().orElseThrow()).contains("uri " + s.uri()).contains("not shown");
        assertThat(everythingShown(p)).doesNotContain("CANARY").doesNotContain("STS.half");

        s.failWith(new CredentialsUriServer.Failure(200, "not json CANARY-raw"));
        p.refresh();
        assertThat(everythingShown(p)).doesNotContain("CANARY");
    }

    @Test
    void aSourceDownAtStartDoesNotFailTheStartAndIsUsedOnceItAnswers() throws Exception {
        CredentialsUriServer s = server(Duration.ofMinutes(60));
        s.failWith(new CredentialsUriServer.Failure(503, "down"));
        RefreshingCredentialsProvider p = start(uri(s.uri()), Map.of());
        assertThat(p.unavailable().orElseThrow()).startsWith("no credentials: ").contains("HttpCode=503");

        s.failWith(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> p.unavailable().isEmpty());
        assertThat(p.currentKeyId()).startsWith("STS.key-");
        assertThat(p.problem()).isEmpty();
    }

    @Test
    void permanentKeysHaveNoExpiryAndAreNotFetchedAgain() {
        RefreshingCredentialsProvider p = start(CredentialsSetting.of(CredentialsSource.ENVIRONMENT),
                Map.of("OSS_ACCESS_KEY_ID", "LTAI-perm", "OSS_ACCESS_KEY_SECRET", "CANARY-perm"));
        assertThat(p.state().expiry()).isEmpty();
        assertThat(p.getCredentials().getSecurityToken()).isNull();
        assertThat(p.renewAfterRejection("LTAI-perm")).as("the same permanent key: no retry").isFalse();
        assertThat(p.refreshDelay(new CredentialsSnapshot(new OssCredentials("LTAI-perm", "CANARY-perm",
                Optional.empty()), "env", Optional.empty(), Instant.now()))).isNull();
        assertThat(p.refreshDelay(new CredentialsSnapshot(new OssCredentials("STS.x", "CANARY-x",
                Optional.of("CANARY-t")), "env", Optional.empty(), Instant.now())))
                .isEqualTo(RefreshingCredentialsProvider.TOKEN_WITHOUT_EXPIRY);
    }

    @Test
    void ossVariablesComeBeforeAlibabaCloudOnesAndBeforeAnyServiceInTheChain() throws Exception {
        CredentialsUriServer s = server(Duration.ofMinutes(60));
        Map<String, String> both = Map.of("OSS_ACCESS_KEY_ID", "LTAI-oss", "OSS_ACCESS_KEY_SECRET", "CANARY-oss",
                "ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-ali", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "CANARY-ali",
                "ALIBABA_CLOUD_CREDENTIALS_URI", s.uri());
        RefreshingCredentialsProvider auto = start(CredentialsSetting.AUTO, both);
        assertThat(auto.currentKeyId()).isEqualTo("LTAI-oss");
        assertThat(auto.state().source()).isEqualTo("environment (OSS_ACCESS_KEY_ID)");
        assertThat(s.fetches()).isZero();

        RefreshingCredentialsProvider ali = start(CredentialsSetting.of(CredentialsSource.ENVIRONMENT),
                Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-ali", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "CANARY-ali",
                        "ALIBABA_CLOUD_SECURITY_TOKEN", "CANARY-ali-token"));
        assertThat(ali.currentKeyId()).isEqualTo("LTAI-ali");
        assertThat(ali.getCredentials().getSecurityToken()).isEqualTo("CANARY-ali-token");
        assertThat(ali.state().source()).isEqualTo("environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");

        // Only the URI answers: the chain reaches it (the metadata service step is switched off here).
        RefreshingCredentialsProvider uriOnly = start(CredentialsSetting.AUTO, Map.of(
                "ALIBABA_CLOUD_CREDENTIALS_URI", s.uri(), "ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"));
        assertThat(uriOnly.currentKeyId()).startsWith("STS.key-");
        assertThat(uriOnly.state().source()).isEqualTo("uri " + s.uri());
    }

    @Test
    void halfSetVariablesAndPinnedSourcesWithoutWhatTheyNeedAreClearErrors() {
        RefreshingCredentialsProvider half = start(CredentialsSetting.of(CredentialsSource.ENVIRONMENT),
                Map.of("OSS_ACCESS_KEY_ID", "LTAI-only-id"));
        assertThat(half.unavailable().orElseThrow()).contains("OSS_ACCESS_KEY_SECRET");

        RefreshingCredentialsProvider none = start(CredentialsSetting.of(CredentialsSource.ENVIRONMENT), Map.of());
        assertThat(none.unavailable().orElseThrow()).contains("no credentials found").contains("OSS_ACCESS_KEY_ID");

        assertThatThrownBy(() -> start(CredentialsSetting.of(CredentialsSource.URI), Map.of()))
                .hasMessageContaining("ALIBABA_CLOUD_CREDENTIALS_URI");
        assertThatThrownBy(() -> start(CredentialsSetting.of(CredentialsSource.OIDC),
                Map.of("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r")))
                .hasMessageContaining("ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
    }

    @Test
    void aCliProfileInHomeIsReadByNameAndAFileOthersCanReadIsFlagged() throws Exception {
        Path config = Files.createDirectories(home.resolve(".aliyun")).resolve("config.json");
        Files.writeString(config, """
                {"current": "default", "profiles": [
                  {"name": "default", "mode": "AK", "access_key_id": "LTAI-default", "access_key_secret": "CANARY-p1"},
                  {"name": "backup", "mode": "StsToken", "access_key_id": "STS.backup",
                   "access_key_secret": "CANARY-p2", "sts_token": "CANARY-p2-token"}]}
                """);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ProfileFiles.warnIfReadableByOthers(config)).isTrue();
        String userHome = System.getProperty("user.home");
        // credentials-java reads the CLI profile under the JVM's user.home.
        System.setProperty("user.home", home.toString());
        try {
            RefreshingCredentialsProvider byDefault = start(CredentialsSetting.of(CredentialsSource.PROFILE), Map.of());
            assertThat(byDefault.currentKeyId()).isEqualTo("LTAI-default");
            assertThat(byDefault.state().source()).isEqualTo("profile " + config);
            RefreshingCredentialsProvider named = start(new CredentialsSetting(CredentialsSource.PROFILE,
                    Optional.empty(), Optional.empty(), Optional.of("backup")), Map.of());
            assertThat(named.currentKeyId()).isEqualTo("STS.backup");
            assertThat(named.getCredentials().getSecurityToken()).isEqualTo("CANARY-p2-token");
            RefreshingCredentialsProvider missing = start(new CredentialsSetting(CredentialsSource.PROFILE,
                    Optional.empty(), Optional.empty(), Optional.of("nope")), Map.of());
            assertThat(missing.unavailable().orElseThrow()).contains("nope");
            assertThat(everythingShown(byDefault) + everythingShown(named) + everythingShown(missing))
                    .doesNotContain("CANARY");
        } finally {
            System.setProperty("user.home", userHome);
        }
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        assertThat(ProfileFiles.warnIfReadableByOthers(config)).isFalse();
    }

    @Test
    void oidcReadsTheTokenFileAndAnUnreachableStsIsReportedWithoutTheToken() throws Exception {
        Path token = Files.writeString(home.resolve("oidc-token"), "CANARY-oidc-jwt");
        RefreshingCredentialsProvider p = start(new CredentialsSetting(CredentialsSource.OIDC, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("127.0.0.1:1")), Map.of(
                "ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/ossync", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                "acs:ram::1:oidc-provider/ack", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", token.toString()));
        assertThat(p.problem().orElseThrow()).contains("oidc (acs:ram::1:role/ossync)").contains("OIDC");
        assertThat(everythingShown(p)).doesNotContain("CANARY");
    }

    @Test
    void redactsEverySecretAndTokenHandedOutLately() throws Exception {
        CredentialsUriServer s = server(Duration.ofSeconds(60));
        RefreshingCredentialsProvider p = start(uri(s.uri()), Map.of());
        p.refresh();
        assertThat(p.redact("a CANARY-secret-1 b CANARY-token-2 c")).isEqualTo("a *** b *** c");
    }
}
