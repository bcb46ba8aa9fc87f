package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.credentials.provider.EcsRamRoleCredentialProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * credentials-java 1.0.3's ECS RAM-role provider against a metadata service in security hardening
 * mode: it works because the library asks for an IMDSv2 token first, and when the token service
 * fails its IMDSv1 fallback is refused (401), which the library reports.
 */
class EmulatorStsHardenedEcsTest {
    @RegisterExtension
    EmulatorExtension emulator = new EmulatorExtension()
            .withSts(StsConfig.of(Duration.ofSeconds(20)).withRoleName("hardened").requiringImdsToken());

    @Test
    void providerSendsTheTokenItAskedFor() {
        try (EcsRamRoleCredentialProvider provider = EmulatorEcsFetcher.provider(emulator.endpoint(), null, false)) {
            assertThat(provider.getCredentials().getAccessKeyId()).startsWith("STS.");
        }
        assertThat(emulator.sts().requests(StsEndpoint.ECS_TOKEN)).isEqualTo(2);
        assertThat(emulator.sts().issuedCount()).isEqualTo(1);
    }

    @Test
    void withoutTheTokenServiceTheV1FallbackIsRefused() {
        emulator.sts().fail(StsEndpoint.ECS_TOKEN, StsFault.CONNECTION_CUT);
        try (EcsRamRoleCredentialProvider provider = EmulatorEcsFetcher.provider(emulator.endpoint(), "hardened",
                false)) {
            assertThatThrownBy(provider::getCredentials).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("HttpCode=401");
        }
        assertThat(emulator.sts().requests(StsEndpoint.ECS_CREDENTIALS)).isEqualTo(1);
        assertThat(emulator.sts().issuedCount()).isZero();
    }
}
