package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorObjectTest {
    @RegisterExtension
    static EmulatorExtension emulator = new EmulatorExtension();

    private final TestV4Signer signer = EmulatorExtension.signer();

    private OssTestClient client() {
        return emulator.client();
    }

    @Test
    void putThenGetAndHeadReturnBytesDigestsAndMetadata() throws Exception {
        byte[] data = randomBytes(300_000, 1);
        OssTestClient.Resp put = client().call("PUT", "dir/a.bin").header("Content-Type", "application/x-test")
                .header("X-Oss-Meta-Color", "Blue").header("x-oss-storage-class", "IA")
                .header("x-oss-server-side-encryption", "AES256").body(data).send();
        assertThat(put.status()).isEqualTo(200);
        String md5Hex = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(data));
        assertThat(put.header("ETag")).isEqualTo("\"" + md5Hex + "\"");
        assertThat(put.header("x-oss-hash-crc64ecma")).isEqualTo(Long.toUnsignedString(Crc64.of(data)));

        OssTestClient.Resp get = client().call("GET", "dir/a.bin").send();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(data);
        assertThat(get.header("x-oss-hash-crc64ecma")).isEqualTo(Long.toUnsignedString(Crc64.of(data)));
        assertThat(get.header("Content-Type")).isEqualTo("application/x-test");

        OssTestClient.Resp head = client().call("HEAD", "dir/a.bin").send();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("300000");
        assertThat(head.header("ETag")).isEqualTo("\"" + md5Hex + "\"");
        assertThat(head.header("x-oss-meta-color")).isEqualTo("Blue");
        assertThat(head.header("x-oss-storage-class")).isEqualTo("IA");
        assertThat(head.header("x-oss-server-side-encryption")).isEqualTo("AES256");
        assertThat(head.header("x-oss-object-type")).isEqualTo("Normal");
        assertThat(head.header("Last-Modified")).endsWith(" GMT");
    }

    @Test
    void responseHeaderNamesKeepTheirLowerCase() throws Exception {
        client().call("PUT", "case.txt").header("x-oss-meta-Mixed", "v").body("x").send();
        Map<String, String> signed = signer.sign("HEAD", EmulatorExtension.BUCKET, "case.txt", Map.of(), Map.of(),
                Instant.now());
        List<String> lines = rawExchange("HEAD /" + EmulatorExtension.BUCKET + "/case.txt HTTP/1.1", "127.0.0.1", signed);
        assertThat(lines).contains("x-oss-meta-mixed: v");
        assertThat(lines).anyMatch(l -> l.startsWith("x-oss-request-id: "));
        assertThat(lines).anyMatch(l -> l.startsWith("x-oss-hash-crc64ecma: "));
    }

    @Test
    void virtualHostedRequestsAddressTheBucketFromTheHost() throws Exception {
        client().call("PUT", "vh/key.txt").body("virtual").send();
        Map<String, String> signed = signer.sign("GET", EmulatorExtension.BUCKET, "vh/key.txt", Map.of(), Map.of(),
                Instant.now());
        List<String> lines = rawExchange("GET /vh/key.txt HTTP/1.1",
                EmulatorExtension.BUCKET + ".localhost:" + emulator.emulator().port(), signed);
        assertThat(lines.get(0)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("virtual");
    }

    @Test
    void rangeGetReturnsPartialContent() {
        byte[] data = randomBytes(1000, 2);
        client().call("PUT", "range.bin").body(data).send();
        OssTestClient.Resp r = client().call("GET", "range.bin").header("Range", "bytes=100-199").send();
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
        assertThat(r.header("Content-Range")).isEqualTo("bytes 100-199/1000");
        OssTestClient.Resp suffix = client().call("GET", "range.bin").header("Range", "bytes=-10").send();
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(data, 990, 1000));
        OssTestClient.Resp beyond = client().call("GET", "range.bin").header("Range", "bytes=2000-3000").send();
        assertThat(beyond.status()).isEqualTo(200);
        assertThat(beyond.body()).isEqualTo(data);
        OssTestClient.Resp strict = client().call("GET", "range.bin").header("Range", "bytes=2000-3000")
                .header("x-oss-range-behavior", "standard").send();
        assertThat(strict.status()).isEqualTo(416);
        assertThat(strict.xml("Code")).isEqualTo("InvalidRange");
    }

    @Test
    void contentMd5IsVerified() throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        String good = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        assertThat(client().call("PUT", "md5.txt").header("Content-MD5", good).body(data).send().status()).isEqualTo(200);

        String otherMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(new byte[] {1}));
        OssTestClient.Resp mismatch = client().call("PUT", "md5-bad.txt").header("Content-MD5", otherMd5).body(data).send();
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.xml("Code")).isEqualTo("InvalidDigest");
        OssTestClient.Resp malformed = client().call("PUT", "md5-bad.txt").header("Content-MD5", "bm90LW1kNQ==")
                .body(data).send();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.xml("Code")).isEqualTo("InvalidDigest");
        assertThat(client().call("HEAD", "md5-bad.txt").send().status()).isEqualTo(404);
    }

    @Test
    void missingKeyAndBucketAreOssErrors() {
        OssTestClient.Resp key = client().call("GET", "no/such/key").send();
        assertThat(key.status()).isEqualTo(404);
        assertThat(key.xml("Code")).isEqualTo("NoSuchKey");
        assertThat(key.xml("Key")).isEqualTo("no/such/key");
        OssTestClient other = new OssTestClient(emulator.endpoint(), "no-such-bucket", signer);
        OssTestClient.Resp bucket = other.call("GET", "k").send();
        assertThat(bucket.status()).isEqualTo(404);
        assertThat(bucket.xml("Code")).isEqualTo("NoSuchBucket");
        assertThat(bucket.xml("EC")).isEqualTo("0015-00000101");
    }

    @Test
    void deleteRemovesAndIsIdempotent() {
        client().call("PUT", "gone.txt").body("x").send();
        assertThat(client().call("DELETE", "gone.txt").send().status()).isEqualTo(204);
        assertThat(client().call("GET", "gone.txt").send().status()).isEqualTo(404);
        assertThat(client().call("DELETE", "gone.txt").send().status()).isEqualTo(204);
    }

    @Test
    void putOverFiveGibibytesIsEntityTooLarge() throws Exception {
        Map<String, String> signed = signer.sign("PUT", EmulatorExtension.BUCKET, "huge.bin", Map.of(), Map.of(),
                Instant.now());
        List<String> lines = rawExchange("PUT /" + EmulatorExtension.BUCKET + "/huge.bin HTTP/1.1", "127.0.0.1",
                Map.of("Content-Length", Long.toString(5L * 1024 * 1024 * 1024 + 1)), signed);
        assertThat(lines.get(0)).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(String.join("\n", lines)).contains("<Code>EntityTooLarge</Code>");
    }

    @Test
    void keysWithAnyCharactersRoundTripAndListUrlEncoded() {
        List<String> keys = List.of("sp ace/a+b=c&d?e#f%g.txt", "line\nbreak\r.txt", "ünï/çødé/日本.txt",
                "emoji/\uD83D\uDE00.txt", "x".repeat(1023));
        for (String key : keys) {
            assertThat(client().call("PUT", key).body(key).send().status()).as(key).isEqualTo(200);
            assertThat(client().call("GET", key).send().text()).as(key).isEqualTo(key);
        }
        OssTestClient.Resp list = client().call("GET", null).query("encoding-type", "url").query("max-keys", "1000").send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.xml("EncodingType")).isEqualTo("url");
        List<String> listed = list.xmlAll("Key").stream().map(k -> java.net.URLDecoder.decode(k, StandardCharsets.UTF_8)).toList();
        assertThat(listed).containsAll(keys);
        OssTestClient.Resp tooLong = client().call("PUT", "y".repeat(1024)).body("x").send();
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.xml("Code")).isEqualTo("InvalidObjectName");
    }

    @Test
    void listObjectsV1AndV2PageWithPrefixDelimiterAndMarkers() {
        for (String key : List.of("l/a", "l/b/1", "l/b/2", "l/c", "l/d/1", "l/e", "m/zz")) {
            client().call("PUT", key).body("x").send();
        }
        OssTestClient.Resp page1 = client().call("GET", null).query("prefix", "l/").query("delimiter", "/")
                .query("max-keys", "3").send();
        assertThat(page1.xmlAll("Key")).containsExactly("l/a", "l/c");
        assertThat(page1.text()).contains("<CommonPrefixes><Prefix>l/b/</Prefix></CommonPrefixes>");
        assertThat(page1.xml("IsTruncated")).isEqualTo("true");
        assertThat(page1.xml("NextMarker")).isEqualTo("l/c");
        OssTestClient.Resp page2 = client().call("GET", null).query("prefix", "l/").query("delimiter", "/")
                .query("max-keys", "3").query("marker", "l/c").send();
        assertThat(page2.xmlAll("Key")).containsExactly("l/e");
        assertThat(page2.text()).contains("<CommonPrefixes><Prefix>l/d/</Prefix></CommonPrefixes>");
        assertThat(page2.xml("IsTruncated")).isEqualTo("false");

        OssTestClient.Resp v2a = client().call("GET", null).query("list-type", "2").query("prefix", "l/")
                .query("max-keys", "4").send();
        assertThat(v2a.xmlAll("Key")).containsExactly("l/a", "l/b/1", "l/b/2", "l/c");
        assertThat(v2a.xml("KeyCount")).isEqualTo("4");
        String token = v2a.xml("NextContinuationToken");
        assertThat(token).isNotBlank();
        OssTestClient.Resp v2b = client().call("GET", null).query("list-type", "2").query("prefix", "l/")
                .query("max-keys", "4").query("continuation-token", token).send();
        assertThat(v2b.xmlAll("Key")).containsExactly("l/d/1", "l/e");
        assertThat(v2b.xml("IsTruncated")).isEqualTo("false");
        OssTestClient.Resp startAfter = client().call("GET", null).query("list-type", "2").query("start-after", "l/d/1")
                .query("prefix", "l/").send();
        assertThat(startAfter.xmlAll("Key")).containsExactly("l/e");
        assertThat(client().call("GET", null).query("max-keys", "1001").send().xml("Code")).isEqualTo("InvalidArgument");
    }

    private List<String> rawExchange(String requestLine, String host, Map<String, String> headers) throws Exception {
        return rawExchange(requestLine, host, Map.of(), headers);
    }

    /** Sends one request over a plain socket (to control Host and see header names as sent). */
    private List<String> rawExchange(String requestLine, String host, Map<String, String> extra,
                                     Map<String, String> headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", emulator.emulator().port())) {
            StringBuilder req = new StringBuilder(requestLine).append("\r\nHost: ").append(host).append("\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            extra.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (extra.containsKey("Content-Length")) {
                socket.shutdownOutput();
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return in.lines().toList();
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
