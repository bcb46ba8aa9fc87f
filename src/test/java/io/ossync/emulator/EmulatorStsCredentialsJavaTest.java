package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.EcsRamRoleCredentialProvider;
import com.aliyun.credentials.provider.OIDCRoleArnCredentialProvider;
import com.aliyun.credentials.provider.URLCredentialProvider;
import com.aliyun.oss.OSS;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official com.aliyun:credentials-java 1.0.3 providers as clients of the emulator's STS side,
 * and the OSS SDK signing with what they got: the credentials URI, the ECS RAM role (normal mode:
 * IMDSv2 token used when served, v1 fallback when not), AssumeRoleWithOIDC.
 */
class EmulatorStsCredentialsJavaTest {
    private static final String ROLE = "ossync-emulator-role";

    @RegisterExtension
    EmulatorExtension emulator = new EmulatorExtension().withSts(StsConfig.of(Duration.ofSeconds(20)));

    @TempDir
    Path tmp;

    private URLCredentialProvider uriProvider(String uri) {
        return URLCredentialProvider.builder().credentialsURI(uri).connectionTimeout(2000).readTimeout(2000).build();
    }

    private void putWith(CredentialModel c, String key) {
        OSS sdk = EmulatorExtension.sdkClient(emulator.endpoint(),
                new DefaultCredentialProvider(c.getAccessKeyId(), c.getAccessKeySecret(), c.getSecurityToken()));
        try {
            sdk.putObject(EmulatorExtension.BUCKET, key, new ByteArrayInputStream("v".getBytes(StandardCharsets.UTF_8)));
            assertThat(sdk.doesObjectExist(EmulatorExtension.BUCKET, key)).isTrue();
        } finally {
            sdk.shutdown();
        }
    }

    @Test
    void credentialsUriProviderGetsATripleTheSdkPutsWith() {
        try (URLCredentialProvider provider = uriProvider(emulator.sts().credentialsUri())) {
            CredentialModel c = provider.getCredentials();
            assertThat(c.getAccessKeyId()).startsWith("STS.");
            assertThat(c.getExpiration()).isGreaterThan(System.currentTimeMillis());
            putWith(c, "sts/uri.txt");
            // Keys that live less than its 15-minute stale margin are fetched anew on every call.
            provider.getCredentials();
            assertThat(emulator.sts().issuedCount()).isEqualTo(2);
        }
    }

    @Test
    void credentialsUriProviderFailsOnEveryFault() throws IOException {
        Sts sts = emulator.sts();
        try (URLCredentialProvider provider = uriProvider(sts.credentialsUri())) {
            sts.fail(StsEndpoint.CREDENTIALS_URI, StsFault.SERVER_ERROR);
            assertThatThrownBy(provider::getCredentials).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("HttpCode=500");
            sts.fail(StsEndpoint.CREDENTIALS_URI, StsFault.MALFORMED_JSON);
            assertThatThrownBy(provider::getCredentials).isInstanceOf(CredentialException.class);
            sts.fail(StsEndpoint.CREDENTIALS_URI, StsFault.CONNECTION_CUT);
            assertThatThrownBy(provider::getCredentials).isInstanceOf(CredentialException.class);
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (URLCredentialProvider refused = uriProvider("http://127.0.0.1:" + closedPort + Sts.CREDENTIALS_PATH)) {
            assertThatThrownBy(refused::getCredentials).isInstanceOf(CredentialException.class);
        }
        assertThat(sts.issuedCount()).isZero();
    }

    @Test
    void ecsProviderListsTheRoleAndGetsCredentialsWithAMetadataToken() {
        try (EcsRamRoleCredentialProvider provider = EmulatorEcsFetcher.provider(emulator.endpoint(), null, true)) {
            CredentialModel c = provider.getCredentials();
            assertThat(c.getAccessKeyId()).startsWith("STS.");
            putWith(c, "sts/ecs.txt");
        }
        // One token for the role listing, one for the credentials: the library asks before each GET.
        assertThat(emulator.sts().requests(StsEndpoint.ECS_TOKEN)).isEqualTo(2);
        assertThat(emulator.sts().requests(StsEndpoint.ECS_ROLE)).isEqualTo(1);
        assertThat(emulator.sts().issuedCount()).isEqualTo(1);
    }

    @Test
    void ecsProviderFallsBackToImdsV1InNormalModeUnlessV1IsDisabled() {
        emulator.sts().fail(StsEndpoint.ECS_TOKEN, StsFault.SERVER_ERROR);
        try (EcsRamRoleCredentialProvider v1 = EmulatorEcsFetcher.provider(emulator.endpoint(), ROLE, false)) {
            assertThat(v1.getCredentials().getAccessKeyId()).startsWith("STS.");
        }
        try (EcsRamRoleCredentialProvider v2only = EmulatorEcsFetcher.provider(emulator.endpoint(), ROLE, true)) {
            assertThatThrownBy(v2only::getCredentials).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("Failed to get token from ECS Metadata Service");
        }
    }

    @Test
    void ecsProviderFailsOnAnUnknownRoleAndOnMalformedJson() {
        try (EcsRamRoleCredentialProvider provider = EmulatorEcsFetcher.provider(emulator.endpoint(), "other", true)) {
            assertThatThrownBy(provider::getCredentials).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("role name was not found");
        }
        emulator.sts().fail(StsEndpoint.ECS_CREDENTIALS, StsFault.MALFORMED_JSON);
        try (EcsRamRoleCredentialProvider provider = EmulatorEcsFetcher.provider(emulator.endpoint(), ROLE, true)) {
            assertThatThrownBy(provider::getCredentials).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void oidcProviderAssumesTheRoleAtTheConfiguredStsEndpoint() throws IOException {
        Path tokenFile = Files.writeString(tmp.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        String hostPort = "127.0.0.1:" + emulator.emulator().port();
        try (OIDCRoleArnCredentialProvider provider = OIDCRoleArnCredentialProvider.builder()
                .roleArn("acs:ram::1234567890:role/ossync").oidcProviderArn("acs:ram::1234567890:oidc-provider/ack")
                .oidcTokenFilePath(tokenFile.toString()).roleSessionName("ossync-test").durationSeconds(900)
                .STSEndpoint(hostPort).build()) {
            assertThat(provider.getSTSEndpoint()).isEqualTo(hostPort);
            // 1.0.3 always builds https://STSEndpoint/...: only the scheme is changed on the way.
            CredentialModel c = provider.createCredential(
                    new RedirectingUrlConnClient("https://" + hostPort, "http://" + hostPort)).value();
            assertThat(c.getAccessKeyId()).startsWith("STS.");
            putWith(c, "sts/oidc.txt");
        }
        assertThat(emulator.sts().requests(StsEndpoint.OIDC)).isEqualTo(1);
    }
}
