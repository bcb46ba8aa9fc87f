package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorRestartTest {
    private final TestV4Signer signer = new TestV4Signer(EmulatorExtension.ACCESS_KEY_ID,
            EmulatorExtension.ACCESS_KEY_SECRET, EmulatorExtension.REGION);

    @Test
    void objectsAndOpenUploadsSurviveARestart(@TempDir Path dir) {
        EmulatorConfig config = new EmulatorConfig(dir, 0, List.of("restart-bucket"), EmulatorExtension.REGION,
                EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET, null);
        byte[] part1 = EmulatorMultipartTest.random(100 * 1024, 1);
        byte[] part2 = EmulatorMultipartTest.random(1234, 2);
        String uploadId;
        String etag1;
        String etag2;
        try (OssEmulator first = start(config)) {
            OssTestClient c = new OssTestClient(first.endpoint(), "restart-bucket", signer);
            assertThat(c.call("PUT", "kept.txt").header("x-oss-meta-k", "v").body("kept").send().status()).isEqualTo(200);
            assertThat(c.call("PUT", "deleted.txt").body("x").send().status()).isEqualTo(200);
            assertThat(c.call("DELETE", "deleted.txt").send().status()).isEqualTo(204);
            uploadId = c.call("POST", "big.bin").query("uploads", "").send().xml("UploadId");
            etag1 = c.call("PUT", "big.bin").query("partNumber", "1").query("uploadId", uploadId).body(part1).send()
                    .header("ETag");
            etag2 = c.call("PUT", "big.bin").query("partNumber", "2").query("uploadId", uploadId).body(part2).send()
                    .header("ETag");
        }
        // Started again with no --bucket: the bucket on disk is found.
        EmulatorConfig again = new EmulatorConfig(dir, 0, List.of(), EmulatorExtension.REGION,
                EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET, null);
        try (OssEmulator second = start(again)) {
            OssTestClient c = new OssTestClient(second.endpoint(), "restart-bucket", signer);
            OssTestClient.Resp kept = c.call("GET", "kept.txt").send();
            assertThat(kept.text()).isEqualTo("kept");
            assertThat(kept.header("x-oss-meta-k")).isEqualTo("v");
            assertThat(c.call("GET", "deleted.txt").send().status()).isEqualTo(404);
            assertThat(c.call("GET", null).send().xmlAll("Key")).containsExactly("kept.txt");
            assertThat(c.bucketCall("GET", "restart-bucket").query("uploads", "").send().xmlAll("UploadId"))
                    .containsExactly(uploadId);
            assertThat(c.call("GET", "big.bin").query("uploadId", uploadId).send().xmlAll("ETag"))
                    .containsExactly(etag1, etag2);
            OssTestClient.Resp done = c.call("POST", "big.bin").query("uploadId", uploadId)
                    .body(EmulatorMultipartTest.completeBody(List.of(etag1, etag2), 1, 2)).send();
            assertThat(done.status()).isEqualTo(200);
            byte[] all = new byte[part1.length + part2.length];
            System.arraycopy(part1, 0, all, 0, part1.length);
            System.arraycopy(part2, 0, all, part1.length, part2.length);
            assertThat(c.call("GET", "big.bin").send().body()).isEqualTo(all);
        }
        try (OssEmulator third = start(again)) {
            OssTestClient c = new OssTestClient(third.endpoint(), "restart-bucket", signer);
            assertThat(c.call("GET", "big.bin").send().header("x-oss-object-type")).isEqualTo("Multipart");
            assertThat(c.bucketCall("GET", "restart-bucket").query("uploads", "").send().xmlAll("UploadId")).isEmpty();
        }
    }

    private static OssEmulator start(EmulatorConfig config) {
        try {
            return OssEmulator.start(config);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
