package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorMultipartTest {
    static final int KIB = 1024;

    @RegisterExtension
    static EmulatorExtension emulator = new EmulatorExtension();

    private OssTestClient client() {
        return emulator.client();
    }

    @Test
    void multipartRoundTripGivesOssEtagAndCombinedCrc() throws Exception {
        byte[][] parts = {random(100 * KIB, 1), random(150 * KIB, 2), random(7, 3)};
        String uploadId = initiate("mp/object.bin", "text/x-parts");
        List<String> etags = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        MessageDigest etagOfEtags = MessageDigest.getInstance("MD5");
        for (int i = 0; i < parts.length; i++) {
            OssTestClient.Resp r = uploadPart("mp/object.bin", uploadId, i + 1, parts[i]);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("x-oss-hash-crc64ecma")).isEqualTo(Long.toUnsignedString(Crc64.of(parts[i])));
            byte[] md5 = MessageDigest.getInstance("MD5").digest(parts[i]);
            assertThat(r.header("ETag")).isEqualTo("\"" + HexFormat.of().withUpperCase().formatHex(md5) + "\"");
            etags.add(r.header("ETag"));
            etagOfEtags.update(md5);
            whole.write(parts[i]);
        }
        OssTestClient.Resp listed = client().call("GET", "mp/object.bin").query("uploadId", uploadId).send();
        assertThat(listed.xmlAll("PartNumber")).containsExactly("1", "2", "3");
        assertThat(listed.xmlAll("HashCrc64ecma")).containsExactly(Long.toUnsignedString(Crc64.of(parts[0])),
                Long.toUnsignedString(Crc64.of(parts[1])), Long.toUnsignedString(Crc64.of(parts[2])));
        assertThat(listed.xmlAll("Size")).containsExactly("102400", "153600", "7");

        OssTestClient.Resp done = complete("mp/object.bin", uploadId, completeBody(etags, 1, 2, 3));
        assertThat(done.status()).isEqualTo(200);
        byte[] all = whole.toByteArray();
        assertThat(done.header("x-oss-hash-crc64ecma")).isEqualTo(Long.toUnsignedString(Crc64.of(all)));
        String expectedEtag = "\"" + HexFormat.of().withUpperCase().formatHex(etagOfEtags.digest()) + "-3\"";
        assertThat(done.xml("ETag")).isEqualTo(expectedEtag);
        assertThat(done.xml("Key")).isEqualTo("mp/object.bin");

        OssTestClient.Resp get = client().call("GET", "mp/object.bin").send();
        assertThat(get.body()).isEqualTo(all);
        assertThat(get.header("ETag")).isEqualTo(expectedEtag);
        assertThat(get.header("x-oss-object-type")).isEqualTo("Multipart");
        assertThat(get.header("Content-Type")).isEqualTo("text/x-parts");
        OssTestClient.Resp across = client().call("GET", "mp/object.bin").header("Range", "bytes=102390-102420").send();
        assertThat(across.body()).isEqualTo(java.util.Arrays.copyOfRange(all, 102390, 102421));
        assertThat(client().call("GET", "mp/object.bin").query("uploadId", uploadId).send().xml("Code"))
                .isEqualTo("NoSuchUpload");
    }

    @Test
    void reuploadedPartReplacesTheOldOne() {
        String uploadId = initiate("mp/replace.bin", null);
        uploadPart("mp/replace.bin", uploadId, 1, random(10, 1));
        String etag = uploadPart("mp/replace.bin", uploadId, 1, random(20, 2)).header("ETag");
        OssTestClient.Resp done = complete("mp/replace.bin", uploadId, completeBody(List.of(etag), 1));
        assertThat(done.status()).isEqualTo(200);
        assertThat(client().call("GET", "mp/replace.bin").send().body()).isEqualTo(random(20, 2));
    }

    @Test
    void partSmallerThan100KibExceptTheLastIsEntityTooSmall() {
        String uploadId = initiate("mp/small.bin", null);
        String e1 = uploadPart("mp/small.bin", uploadId, 1, random(100 * KIB - 1, 1)).header("ETag");
        String e2 = uploadPart("mp/small.bin", uploadId, 2, random(10, 2)).header("ETag");
        OssTestClient.Resp r = complete("mp/small.bin", uploadId, completeBody(List.of(e1, e2), 1, 2));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.xml("Code")).isEqualTo("EntityTooSmall");
        assertThat(client().call("HEAD", "mp/small.bin").send().status()).isEqualTo(404);
        // The upload is still open after a refused Complete.
        assertThat(client().call("GET", "mp/small.bin").query("uploadId", uploadId).send().status()).isEqualTo(200);
    }

    @Test
    void partsOutOfOrderAreInvalidPartOrder() {
        String uploadId = initiate("mp/order.bin", null);
        String e1 = uploadPart("mp/order.bin", uploadId, 1, random(100 * KIB, 1)).header("ETag");
        String e2 = uploadPart("mp/order.bin", uploadId, 2, random(10, 2)).header("ETag");
        OssTestClient.Resp r = complete("mp/order.bin", uploadId, completeBody(List.of(e2, e1), 2, 1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.xml("Code")).isEqualTo("InvalidPartOrder");
    }

    @Test
    void wrongEtagOrMissingPartIsInvalidPart() {
        String uploadId = initiate("mp/invalid.bin", null);
        uploadPart("mp/invalid.bin", uploadId, 1, random(10, 1));
        OssTestClient.Resp wrongEtag = complete("mp/invalid.bin", uploadId,
                completeBody(List.of("\"00000000000000000000000000000000\""), 1));
        assertThat(wrongEtag.status()).isEqualTo(400);
        assertThat(wrongEtag.xml("Code")).isEqualTo("InvalidPart");
        String etag = client().call("GET", "mp/invalid.bin").query("uploadId", uploadId).send().xml("ETag");
        OssTestClient.Resp missing = complete("mp/invalid.bin", uploadId, completeBody(List.of(etag, etag), 1, 2));
        assertThat(missing.xml("Code")).isEqualTo("InvalidPart");
    }

    @Test
    void partNumberOutsideOneToTenThousandIsInvalidArgument() {
        String uploadId = initiate("mp/numbers.bin", null);
        for (int n : new int[] {0, 10001}) {
            OssTestClient.Resp r = uploadPart("mp/numbers.bin", uploadId, n, random(10, 1));
            assertThat(r.status()).as("part %d", n).isEqualTo(400);
            assertThat(r.xml("Code")).isEqualTo("InvalidArgument");
        }
        assertThat(uploadPart("mp/numbers.bin", uploadId, 10000, random(10, 1)).status()).isEqualTo(200);
    }

    @Test
    void unknownAbortedOrForeignUploadIsNoSuchUpload() {
        assertThat(uploadPart("mp/x.bin", "0123456789ABCDEF0123456789ABCDEF", 1, random(10, 1)).xml("Code"))
                .isEqualTo("NoSuchUpload");
        String uploadId = initiate("mp/aborted.bin", null);
        assertThat(uploadPart("mp/other-key.bin", uploadId, 1, random(10, 1)).xml("Code")).isEqualTo("NoSuchUpload");
        assertThat(client().call("DELETE", "mp/aborted.bin").query("uploadId", uploadId).send().status()).isEqualTo(204);
        OssTestClient.Resp after = uploadPart("mp/aborted.bin", uploadId, 1, random(10, 1));
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.xml("Code")).isEqualTo("NoSuchUpload");
        assertThat(after.xml("UploadId")).isEqualTo(uploadId);
        assertThat(client().call("DELETE", "mp/aborted.bin").query("uploadId", uploadId).send().xml("Code"))
                .isEqualTo("NoSuchUpload");
    }

    @Test
    void emptyOrBrokenPartListIsMalformedXml() {
        String uploadId = initiate("mp/empty.bin", null);
        OssTestClient.Resp empty = complete("mp/empty.bin", uploadId, "<CompleteMultipartUpload></CompleteMultipartUpload>");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.xml("Code")).isEqualTo("MalformedXML");
        assertThat(complete("mp/empty.bin", uploadId, "<Complete").xml("Code")).isEqualTo("MalformedXML");
        assertThat(complete("mp/empty.bin", uploadId,
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><CompleteMultipartUpload/>").xml("Code"))
                .isEqualTo("MalformedXML");
    }

    @Test
    void listPartsPagesByMaxPartsAndMarker() {
        String uploadId = initiate("mp/pages.bin", null);
        for (int n = 1; n <= 5; n++) {
            uploadPart("mp/pages.bin", uploadId, n, random(10, n));
        }
        OssTestClient.Resp first = client().call("GET", "mp/pages.bin").query("uploadId", uploadId)
                .query("max-parts", "2").send();
        assertThat(first.xmlAll("PartNumber")).containsExactly("1", "2");
        assertThat(first.xml("IsTruncated")).isEqualTo("true");
        assertThat(first.xml("NextPartNumberMarker")).isEqualTo("2");
        OssTestClient.Resp last = client().call("GET", "mp/pages.bin").query("uploadId", uploadId)
                .query("max-parts", "2").query("part-number-marker", "4").send();
        assertThat(last.xmlAll("PartNumber")).containsExactly("5");
        assertThat(last.xml("IsTruncated")).isEqualTo("false");
    }

    @Test
    void listMultipartUploadsPagesByKeyAndUploadIdMarkersWithUrlEncoding() {
        String a1 = initiate("lu/a b", null);
        String a2 = initiate("lu/a b", null);
        String b1 = initiate("lu/b+c", null);
        initiate("other/x", null);
        OssTestClient.Resp first = client().bucketCall("GET", EmulatorExtension.BUCKET).query("uploads", "")
                .query("prefix", "lu/").query("max-uploads", "2").query("encoding-type", "url").send();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.xmlAll("Key")).containsExactly("lu%2Fa%20b", "lu%2Fa%20b");
        assertThat(first.xmlAll("UploadId")).containsExactly(a1, a2);
        assertThat(first.xml("IsTruncated")).isEqualTo("true");
        assertThat(first.xml("NextKeyMarker")).isEqualTo("lu%2Fa%20b");
        assertThat(first.xml("NextUploadIdMarker")).isEqualTo(a2);
        OssTestClient.Resp second = client().bucketCall("GET", EmulatorExtension.BUCKET).query("uploads", "")
                .query("prefix", "lu/").query("max-uploads", "2").query("key-marker", "lu/a b")
                .query("upload-id-marker", a1).send();
        assertThat(second.xmlAll("UploadId")).containsExactly(a2, b1);
        OssTestClient.Resp byKey = client().bucketCall("GET", EmulatorExtension.BUCKET).query("uploads", "")
                .query("prefix", "lu/").query("key-marker", "lu/a b").send();
        assertThat(byKey.xmlAll("UploadId")).containsExactly(b1);
        assertThat(byKey.xml("IsTruncated")).isEqualTo("false");
    }

    String initiate(String key, String contentType) {
        OssTestClient.Call call = client().call("POST", key).query("uploads", "");
        if (contentType != null) {
            call.header("Content-Type", contentType);
        }
        OssTestClient.Resp r = call.send();
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.xml("UploadId");
    }

    OssTestClient.Resp uploadPart(String key, String uploadId, int partNumber, byte[] data) {
        return client().call("PUT", key).query("partNumber", Integer.toString(partNumber))
                .query("uploadId", uploadId).body(data).send();
    }

    OssTestClient.Resp complete(String key, String uploadId, String body) {
        return client().call("POST", key).query("uploadId", uploadId).header("Content-Type", "application/xml")
                .body(body).send();
    }

    static String completeBody(List<String> etags, int... numbers) {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < numbers.length; i++) {
            xml.append("<Part><PartNumber>").append(numbers[i]).append("</PartNumber><ETag>")
                    .append(etags.get(i)).append("</ETag></Part>");
        }
        return xml.append("</CompleteMultipartUpload>").toString();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
