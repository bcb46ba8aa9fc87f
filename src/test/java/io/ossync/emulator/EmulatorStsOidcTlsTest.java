package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.OIDCRoleArnCredentialProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * credentials-java 1.0.3's OIDC provider, untouched, against the emulator's HTTPS port: the library
 * calls {@code https://STSEndpoint/?Action=AssumeRoleWithOIDC...} and trusts the JVM's default trust
 * store, so the test names the emulator's certificate as {@code javax.net.ssl.trustStore}
 * (JVM-wide: put back after). A daemon run as a child JVM takes the same two -D flags and its
 * STS endpoint setting. A certificate the JVM does not trust shows in the library only as
 * "HttpCode: 0, result: ." (it drops the TLS error).
 */
class EmulatorStsOidcTlsTest {
    private static final String[] TRUST_PROPERTIES = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType"};

    @RegisterExtension
    EmulatorExtension emulator = new EmulatorExtension().withSts(StsConfig.of(Duration.ofSeconds(20)).withTls());

    @TempDir
    Path tmp;

    private OIDCRoleArnCredentialProvider provider(String tokenText) throws IOException {
        Path token = Files.writeString(tmp.resolve("token"), tokenText);
        return OIDCRoleArnCredentialProvider.builder().roleArn("acs:ram::1234567890:role/ossync")
                .oidcProviderArn("acs:ram::1234567890:oidc-provider/ack").oidcTokenFilePath(token.toString())
                .durationSeconds(900).STSEndpoint(emulator.sts().tlsEndpoint().orElseThrow()).build();
    }

    @Test
    void oidcProviderGetsCredentialsOverHttps() throws IOException {
        Map<String, String> saved = trustEmulator();
        try (OIDCRoleArnCredentialProvider provider = provider("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")) {
            CredentialModel c = provider.getCredentials();
            assertThat(c.getAccessKeyId()).startsWith("STS.");
            assertThat(c.getExpiration()).isLessThanOrEqualTo(System.currentTimeMillis() + 20_000);
        } finally {
            restore(saved);
        }
        assertThat(emulator.sts().requests(StsEndpoint.OIDC)).isEqualTo(1);
        assertThat(emulator.sts().issuedCount()).isEqualTo(1);
    }

    @Test
    void anEmptyOidcTokenIsRefusedAndTheLibrarySaysSo() throws IOException {
        Map<String, String> saved = trustEmulator();
        try (OIDCRoleArnCredentialProvider provider = provider("")) {
            assertThatThrownBy(provider::getCredentials).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("HttpCode: 400").hasMessageContaining("MissingOIDCToken");
        } finally {
            restore(saved);
        }
        assertThat(emulator.sts().issuedCount()).isZero();
    }

    @Test
    void theCertificateFileGoesWithTheEmulator() {
        Path store = emulator.sts().trustStore().orElseThrow();
        assertThat(store).exists();
        emulator.emulator().close();
        assertThat(store).doesNotExist();
    }

    private Map<String, String> trustEmulator() {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String name : TRUST_PROPERTIES) {
            saved.put(name, System.getProperty(name));
        }
        System.setProperty("javax.net.ssl.trustStore", emulator.sts().trustStore().orElseThrow().toString());
        // No password: the emulator writes its certificate unencrypted.
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        return saved;
    }

    private static void restore(Map<String, String> saved) {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
