package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.credentials.provider.EcsRamRoleCredentialProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ECS path with credentials-java 1.0.3 untouched: its requests to http://100.100.100.200 go
 * through {@code java.net.HttpURLConnection}, which honours the JVM's {@code http.proxyHost} /
 * {@code http.proxyPort}; the emulator, named as that proxy, answers the absolute-form requests
 * itself. So a daemon run as a child JVM by a test can be given
 * {@code -Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=PORT} and no setting of its own. (The default
 * {@code http.nonProxyHosts} keeps localhost and 127.* direct; the OSS SDK's HttpClient ignores these
 * properties.) The properties are JVM-wide: this test puts back what it found.
 */
class EmulatorStsAsMetadataProxyTest {
    @RegisterExtension
    EmulatorExtension emulator = new EmulatorExtension()
            .withSts(StsConfig.of(Duration.ofSeconds(20)).requiringImdsToken());

    @Test
    void theLibrarysOwnEcsProviderReachesTheEmulatorNamedAsHttpProxy() {
        String host = System.getProperty("http.proxyHost");
        String port = System.getProperty("http.proxyPort");
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", Integer.toString(emulator.emulator().port()));
        try (EcsRamRoleCredentialProvider provider = EcsRamRoleCredentialProvider.builder().disableIMDSv1(true)
                .asyncCredentialUpdateEnabled(false).build()) {
            assertThat(provider.getCredentials().getAccessKeyId()).startsWith("STS.");
        } finally {
            restore("http.proxyHost", host);
            restore("http.proxyPort", port);
        }
        assertThat(emulator.sts().requests(StsEndpoint.ECS_TOKEN)).isEqualTo(2);
        assertThat(emulator.sts().requests(StsEndpoint.ECS_ROLE)).isEqualTo(1);
        assertThat(emulator.sts().issuedCount()).isEqualTo(1);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
