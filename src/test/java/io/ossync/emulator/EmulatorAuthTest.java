package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorAuthTest {
    @RegisterExtension
    static EmulatorExtension emulator = new EmulatorExtension();

    private final TestV4Signer goodSigner = EmulatorExtension.signer();

    private OssTestClient client() {
        return emulator.client();
    }

    @Test
    void correctlySignedRequestsAreServed() {
        OssTestClient.Resp put = client().call("PUT", "auth/ok.txt").header("Content-Type", "text/plain")
                .header("x-oss-meta-a", "1").body("hello").send();
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.header("x-oss-request-id")).matches("[0-9A-F]{24}");
        OssTestClient.Resp get = client().call("GET", "auth/ok.txt").send();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.text()).isEqualTo("hello");
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatchWithOssXmlBody() {
        TestV4Signer wrong = new TestV4Signer(EmulatorExtension.ACCESS_KEY_ID, "not-the-secret", EmulatorExtension.REGION);
        OssTestClient.Resp r = client().call("PUT", "auth/x.txt").body("x").signedBy(wrong).send();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/xml");
        assertThat(r.xml("Code")).isEqualTo("SignatureDoesNotMatch");
        assertThat(r.xml("Message")).contains("signature we calculated does not match");
        assertThat(r.xml("RequestId")).isEqualTo(r.header("x-oss-request-id")).matches("[0-9A-F]{24}");
        assertThat(r.xml("HostId")).isNotBlank();
        assertThat(r.xml("EC")).matches("\\d{4}-\\d{8}");
        assertThat(r.xml("CanonicalRequest")).startsWith("PUT\n/test-bucket/auth/x.txt\n");
        assertThat(r.text()).doesNotContain("not-the-secret");
        assertThat(client().call("HEAD", "auth/x.txt").send().status()).isEqualTo(404);
    }

    @Test
    void headerChangedAfterSigningIsRefused() {
        OssTestClient.Resp r = client().call("PUT", "auth/tampered.txt").header("x-oss-meta-a", "original")
                .tamper("x-oss-meta-a", "changed").body("x").send();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.xml("Code")).isEqualTo("SignatureDoesNotMatch");

        OssTestClient.Resp added = client().call("PUT", "auth/tampered.txt").tamper("x-oss-meta-b", "sneaked")
                .body("x").send();
        assertThat(added.xml("Code")).isEqualTo("SignatureDoesNotMatch");

        OssTestClient.Resp contentType = client().call("PUT", "auth/tampered.txt").header("Content-Type", "text/plain")
                .tamper("Content-Type", "text/html").body("x").send();
        assertThat(contentType.xml("Code")).isEqualTo("SignatureDoesNotMatch");
        assertThat(client().call("HEAD", "auth/tampered.txt").send().status()).isEqualTo(404);
    }

    @Test
    void unknownKeyIsInvalidAccessKeyId() {
        TestV4Signer stranger = new TestV4Signer("someone-else", EmulatorExtension.ACCESS_KEY_SECRET,
                EmulatorExtension.REGION);
        OssTestClient.Resp r = client().call("GET", "auth/ok.txt").signedBy(stranger).send();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.xml("Code")).isEqualTo("InvalidAccessKeyId");
        assertThat(r.xml("OSSAccessKeyId")).isEqualTo("someone-else");
    }

    @Test
    void missingAuthorizationIsAccessDenied() {
        OssTestClient.Resp r = client().call("GET", "auth/ok.txt").signedBy(null).send();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.xml("Code")).isEqualTo("AccessDenied");
        OssTestClient.Resp head = client().call("HEAD", "auth/ok.txt").signedBy(null).send();
        assertThat(head.status()).isEqualTo(403);
        assertThat(head.header("x-oss-request-id")).isNotBlank();
        assertThat(head.body()).isEmpty();
    }

    @Test
    void wrongRegionInScopeIsInvalidArgument() {
        TestV4Signer elsewhere = new TestV4Signer(EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET,
                "cn-beijing");
        OssTestClient.Resp r = client().call("GET", "auth/ok.txt").signedBy(elsewhere).send();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.xml("Code")).isEqualTo("InvalidArgument");
        assertThat(r.xml("Message")).isEqualTo("Invalid signing region in Authorization header.");
        assertThat(r.xml("EC")).isEqualTo("0002-00000226");
    }

    @Test
    void malformedAuthorizationIsInvalidArgument() {
        OssTestClient.Resp r = client().call("GET", "auth/ok.txt").signedBy(null)
                .header("Authorization", "OSS4-HMAC-SHA256 Credential=test-key-id/20240101/cn-hangzhou/oss/abc,Signature=00")
                .send();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.xml("Code")).isEqualTo("InvalidArgument");
    }

    @Test
    void requestTimeFarFromServerClockIsRefused() {
        OssTestClient.Resp r = client().call("GET", "auth/ok.txt").at(Instant.now().minus(Duration.ofMinutes(20))).send();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.xml("Code")).isEqualTo("RequestTimeTooSkewed");
    }

    @Test
    void sessionTokenIsRequiredWhenConfigured() throws IOException {
        EmulatorConfig withToken = new EmulatorConfig(Files.createTempDirectory("oss-token-"), 0,
                List.of(EmulatorExtension.BUCKET), EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET, "the-token");
        try (OssEmulator sts = OssEmulator.start(withToken)) {
            OssTestClient c = new OssTestClient(sts.endpoint(), EmulatorExtension.BUCKET, goodSigner);
            OssTestClient.Resp without = c.call("PUT", "t.txt").body("x").send();
            assertThat(without.status()).isEqualTo(403);
            assertThat(without.xml("Code")).isEqualTo("InvalidSecurityToken");
            assertThat(without.text()).doesNotContain("the-token");
            OssTestClient.Resp with = c.call("PUT", "t.txt").header("x-oss-security-token", "the-token").body("x").send();
            assertThat(with.status()).isEqualTo(200);
        } finally {
            BucketFolders.deleteTree(withToken.dataDir());
        }
    }
}
