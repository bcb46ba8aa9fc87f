package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.fasterxml.jackson.databind.JsonNode;
import io.ossync.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The emulator's STS side on the wire: the credentials-URI JSON, and OSS requests signed with an
 * issued key, refused as OSS refuses them (no token, another token, expired). The emulator's clock
 * stands still, so "after the lifetime" is a step of the clock, not a wait.
 */
class EmulatorStsTest {
    private static final Duration LIFETIME = Duration.ofSeconds(20);
    private final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    EmulatorExtension emulator = new EmulatorExtension().withSts(StsConfig.of(LIFETIME)).withClock(clock);

    private JsonNode fetchCredentials() throws IOException {
        StsTestCalls.Answer a = new StsTestCalls(emulator.endpoint()).get(Sts.CREDENTIALS_PATH, Map.of());
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    /** A PUT of "x" signed with {@code id}/{@code secret}, carrying {@code token} unless it is null. */
    private OssTestClient.Resp put(String key, String id, String secret, String token) {
        OssTestClient.Call call = new OssTestClient(emulator.endpoint(), EmulatorExtension.BUCKET,
                new TestV4Signer(id, secret, EmulatorExtension.REGION)).call("PUT", key).body("x");
        return token == null ? call.send() : call.header("x-oss-security-token", token).send();
    }

    private OssTestClient.Resp put(String key, JsonNode credentials, String token) {
        return put(key, credentials.get("AccessKeyId").asText(), credentials.get("AccessKeySecret").asText(), token);
    }

    private static void assertRefused(OssTestClient.Resp r, String code, String ec) {
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.xml("Code")).isEqualTo(code);
        assertThat(r.xml("EC")).isEqualTo(ec);
        assertThat(r.header("x-oss-ec")).isEqualTo(ec);
    }

    @Test
    void credentialsUriAnswersTheJsonCredentialsJavaReads() throws IOException {
        JsonNode c = fetchCredentials();
        assertThat(c.get("Code").asText()).isEqualTo("Success");
        assertThat(c.get("AccessKeyId").asText()).startsWith("STS.");
        assertThat(c.get("AccessKeySecret").asText()).isNotBlank();
        assertThat(c.get("SecurityToken").asText()).isNotBlank();
        Instant expected = clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        assertThat(c.get("Expiration").asText()).isEqualTo(StsJson.expiration(expected))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(emulator.sts().issuedCount()).isEqualTo(1);
        assertThat(fetchCredentials().get("AccessKeyId").asText()).isNotEqualTo(c.get("AccessKeyId").asText());
        assertThat(emulator.sts().issuedCount()).isEqualTo(2);
        assertThat(emulator.sts().requests(StsEndpoint.CREDENTIALS_URI)).isEqualTo(2);
    }

    @Test
    void sdkPutsWithAFreshTripleAndIsRefusedOnceItExpired() throws IOException {
        JsonNode c = fetchCredentials();
        OSS sdk = EmulatorExtension.sdkClient(emulator.endpoint(), new DefaultCredentialProvider(
                c.get("AccessKeyId").asText(), c.get("AccessKeySecret").asText(), c.get("SecurityToken").asText()));
        try {
            sdk.putObject(EmulatorExtension.BUCKET, "sts/fresh.txt", bytes("fresh"));
            assertThat(sdk.getObject(EmulatorExtension.BUCKET, "sts/fresh.txt").getObjectMetadata()
                    .getContentLength()).isEqualTo(5);

            clock.advance(LIFETIME);
            assertThatThrownBy(() -> sdk.putObject(EmulatorExtension.BUCKET, "sts/late.txt", bytes("late")))
                    .isInstanceOfSatisfying(OSSException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo("SecurityTokenExpired");
                        assertThat(e.getErrorMessage()).isEqualTo("The security token you provided has expired.");
                        assertThat(e.getEC()).isEqualTo("0002-00000007");
                    });
        } finally {
            sdk.shutdown();
        }
    }

    @Test
    void expiryIsTheSecondTheJsonNames() throws IOException {
        JsonNode c = fetchCredentials();
        Instant expiration = Instant.parse(c.get("Expiration").asText());
        clock.set(expiration.minusMillis(1));
        assertThat(put("sts/edge.txt", c, c.get("SecurityToken").asText()).status()).isEqualTo(200);
        clock.set(expiration);
        assertRefused(put("sts/edge.txt", c, c.get("SecurityToken").asText()), "SecurityTokenExpired", "0002-00000007");
    }

    @Test
    void issuedKeyWithoutItsTokenIsUnknownAsAPermanentKey() throws IOException {
        assertRefused(put("sts/no-token.txt", fetchCredentials(), null), "InvalidAccessKeyId", "0002-00000902");
    }

    @Test
    void issuedKeyWithAnotherTokenIsInvalidSecurityToken() throws IOException {
        JsonNode first = fetchCredentials();
        JsonNode second = fetchCredentials();
        OssTestClient.Resp r = put("sts/swapped.txt", first, second.get("SecurityToken").asText());
        assertRefused(r, "InvalidSecurityToken", "0002-00000004");
        assertThat(r.text()).doesNotContain(first.get("AccessKeySecret").asText())
                .doesNotContain(second.get("SecurityToken").asText());
    }

    @Test
    void tokenWithAKeyStsNeverIssuedIsInvalidAccessKeyId() throws IOException {
        String token = fetchCredentials().get("SecurityToken").asText();
        assertRefused(put("sts/forged.txt", "STS.never-issued", "whatever", token), "InvalidAccessKeyId",
                "0002-00000002");
    }

    @Test
    void issuedKeyWithAWrongSecretIsSignatureDoesNotMatch() throws IOException {
        JsonNode c = fetchCredentials();
        OssTestClient.Resp r = put("sts/bad-secret.txt", c.get("AccessKeyId").asText(), "not-the-secret",
                c.get("SecurityToken").asText());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.xml("Code")).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void staticKeyKeepsWorkingAndARequestSignedForAnObjectNamedLikeAnStsPathReachesOss() throws IOException {
        assertThat(emulator.client().call("PUT", "latest/api/token").body("object").send().status())
                .isEqualTo(200);
        OssTestClient.Resp get = emulator.client().call("GET", "latest/api/token").send();
        assertThat(get.text()).isEqualTo("object");
        assertThat(emulator.sts().issuedCount()).isZero();
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
