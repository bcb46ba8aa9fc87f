package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.CopyObjectResult;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartSummary;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartCopyResult;
import com.aliyun.oss.model.UploadPartRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CopyObject and UploadPartCopy driven by the official SDK (and raw requests where the SDK cannot
 * send what is tested): the bytes and CRC-64 of what was made, metadata directives, preconditions,
 * ranges and their errors, and the counters telling bytes received from bytes copied.
 */
class EmulatorCopyTest {
    private static final String BUCKET = EmulatorExtension.BUCKET;
    private static final int KIB = 1024;

    @RegisterExtension
    static EmulatorExtension emulator = new EmulatorExtension();

    private static OSS oss() {
        return emulator.sdk();
    }

    private byte[] put(String key, int size, long seed, ObjectMetadata meta) {
        byte[] data = EmulatorMultipartTest.random(size, seed);
        oss().putObject(BUCKET, key, new ByteArrayInputStream(data), meta);
        return data;
    }

    private byte[] get(String key) throws IOException {
        try (InputStream in = oss().getObject(BUCKET, key).getObjectContent()) {
            return in.readAllBytes();
        }
    }

    private static ObjectMetadata meta(String contentType, String key, String value) {
        ObjectMetadata m = new ObjectMetadata();
        m.setContentType(contentType);
        m.addUserMetadata(key, value);
        return m;
    }

    private static String md5Etag(byte[] data) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private Counters counters() {
        return emulator.emulator().counters();
    }

    @Test
    void copyObjectMakesTheSourceBytesWithTheirCrcAndMetadataAndReceivesNoFileByte() throws Exception {
        byte[] data = put("src/a.bin", 300 * KIB, 1, meta("image/x-a", "color", "blue"));
        counters().reset();

        CopyObjectResult res = oss().copyObject(BUCKET, "src/a.bin", BUCKET, "dst/a.bin");

        assertThat(res.getETag()).isEqualTo(md5Etag(data));
        assertThat(res.getLastModified()).isNotNull();
        // SDK 3.18.5 does not parse the CRC of a copy into getServerCRC(): the header is there all the same.
        assertThat(res.getResponse().getHeaders().get("x-oss-hash-crc64ecma"))
                .isEqualTo(Long.toUnsignedString(Crc64.of(data)));
        assertThat(counters().requests(OssOperation.COPY_OBJECT)).isEqualTo(1);
        assertThat(counters().bodyBytesReceived()).isZero();
        assertThat(counters().bytesCopied(OssOperation.COPY_OBJECT)).isEqualTo(data.length);
        assertThat(counters().bytesCopied()).isEqualTo(data.length);

        assertThat(get("dst/a.bin")).isEqualTo(data);
        ObjectMetadata head = oss().getObjectMetadata(BUCKET, "dst/a.bin");
        assertThat(head.getServerCRC()).isEqualTo(Crc64.of(data));
        assertThat(head.getContentType()).isEqualTo("image/x-a");
        assertThat(head.getUserMetadata()).containsExactly(java.util.Map.entry("color", "blue"));

        oss().deleteObject(BUCKET, "src/a.bin");
        assertThat(get("dst/a.bin")).as("the copy outlives its source").isEqualTo(data);
    }

    @Test
    void replaceTakesTheRequestsMetadataAndStorageClassCopyKeepsTheSources() throws Exception {
        byte[] data = put("meta/src", 1000, 2, meta("text/x-old", "old", "1"));

        CopyObjectRequest replace = new CopyObjectRequest(BUCKET, "meta/src", BUCKET, "meta/replaced");
        ObjectMetadata fresh = meta("text/x-new", "fresh", "2");
        fresh.setHeader("x-oss-storage-class", "IA");
        replace.setNewObjectMetadata(fresh);
        oss().copyObject(replace);
        ObjectMetadata replaced = oss().getObjectMetadata(BUCKET, "meta/replaced");
        assertThat(replaced.getContentType()).isEqualTo("text/x-new");
        assertThat(replaced.getUserMetadata()).containsExactly(java.util.Map.entry("fresh", "2"));
        assertThat(replaced.getObjectStorageClass().toString()).isEqualTo("IA");
        assertThat(get("meta/replaced")).isEqualTo(data);

        OssTestClient.Resp copied = emulator.client().call("PUT", "meta/copied")
                .header("x-oss-copy-source", "/" + BUCKET + "/meta/src").header("x-oss-metadata-directive", "COPY")
                .header("x-oss-meta-ignored", "x").header("Content-Type", "text/ignored").send();
        assertThat(copied.status()).isEqualTo(200);
        assertThat(copied.xml("ETag")).isEqualTo("\"" + md5Etag(data) + "\"");
        ObjectMetadata kept = oss().getObjectMetadata(BUCKET, "meta/copied");
        assertThat(kept.getContentType()).isEqualTo("text/x-old");
        assertThat(kept.getUserMetadata()).containsExactly(java.util.Map.entry("old", "1"));

        OssTestClient.Resp bad = emulator.client().call("PUT", "meta/bad")
                .header("x-oss-copy-source", "/" + BUCKET + "/meta/src").header("x-oss-metadata-directive", "MERGE")
                .send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.xml("Code")).isEqualTo("InvalidArgument");
        assertThat(bad.xml("ArgumentName")).isEqualTo("x-oss-metadata-directive");
    }

    @Test
    void aCopyOntoItselfRewritesTheMetadataAndCopiesNoByte() throws Exception {
        byte[] data = put("self", 2000, 3, meta("text/a", "v", "1"));
        counters().reset();
        CopyObjectRequest req = new CopyObjectRequest(BUCKET, "self", BUCKET, "self");
        req.setNewObjectMetadata(meta("text/b", "v", "2"));
        oss().copyObject(req);
        oss().copyObject(BUCKET, "self", BUCKET, "self");
        assertThat(counters().bytesCopied()).isZero();
        assertThat(get("self")).isEqualTo(data);
        assertThat(oss().getObjectMetadata(BUCKET, "self").getUserMetadata()).containsEntry("v", "2");
    }

    @Test
    void preconditionsOnTheSourceAndAMissingSourceRefuseTheCopy() throws Exception {
        byte[] data = put("cond/src", 100, 4, new ObjectMetadata());
        CopyObjectRequest wrongEtag = new CopyObjectRequest(BUCKET, "cond/src", BUCKET, "cond/dst");
        wrongEtag.setMatchingETagConstraints(List.of("0123456789ABCDEF0123456789ABCDEF"));
        assertThatThrownBy(() -> oss().copyObject(wrongEtag)).isInstanceOfSatisfying(OSSException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("PreconditionFailed"));

        CopyObjectRequest noneMatch = new CopyObjectRequest(BUCKET, "cond/src", BUCKET, "cond/dst");
        noneMatch.setNonmatchingETagConstraints(List.of(md5Etag(data).toLowerCase()));
        assertThatThrownBy(() -> oss().copyObject(noneMatch)).isInstanceOfSatisfying(OSSException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("PreconditionFailed"));

        CopyObjectRequest notModified = new CopyObjectRequest(BUCKET, "cond/src", BUCKET, "cond/dst");
        notModified.setModifiedSinceConstraint(new java.util.Date(System.currentTimeMillis() + 3_600_000));
        assertThatThrownBy(() -> oss().copyObject(notModified)).isInstanceOfSatisfying(OSSException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("PreconditionFailed"));
        assertThat(oss().doesObjectExist(BUCKET, "cond/dst")).isFalse();

        CopyObjectRequest quoted = new CopyObjectRequest(BUCKET, "cond/src", BUCKET, "cond/dst");
        quoted.setMatchingETagConstraints(List.of("\"" + md5Etag(data).toLowerCase() + "\""));
        quoted.setUnmodifiedSinceConstraint(new java.util.Date(System.currentTimeMillis() + 3_600_000));
        oss().copyObject(quoted);
        assertThat(get("cond/dst")).isEqualTo(data);

        OssTestClient.Resp status = emulator.client().call("PUT", "cond/x")
                .header("x-oss-copy-source", "/" + BUCKET + "/cond/src")
                .header("x-oss-copy-source-if-match", "\"nope\"").send();
        assertThat(status.status()).isEqualTo(412);

        assertThatThrownBy(() -> oss().copyObject(BUCKET, "cond/absent", BUCKET, "cond/dst2"))
                .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
        assertThatThrownBy(() -> oss().copyObject("no-such-bucket", "cond/src", BUCKET, "cond/dst2"))
                .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
    }

    @Test
    void sourceKeysAreUrlDecodedStrictly() throws Exception {
        String key = "dir/a b/ünï 100%+§/日本.bin";
        byte[] data = put(key, 5000, 5, new ObjectMetadata());
        oss().copyObject(BUCKET, key, BUCKET, "decoded/" + key);
        assertThat(get("decoded/" + key)).isEqualTo(data);

        for (String broken : new String[] {"/" + BUCKET + "/dir%2", "/" + BUCKET + "/%C3%28", BUCKET + "/self",
                "/" + BUCKET + "/"}) {
            OssTestClient.Resp r = emulator.client().call("PUT", "decoded/x").header("x-oss-copy-source", broken).send();
            assertThat(r.status()).as(broken).isEqualTo(400);
            assertThat(r.xml("Code")).as(broken).isEqualTo("InvalidArgument");
        }
    }

    @Test
    void theCopySourceAndItsRangeAreSignedHeaders() {
        put("signed/a", 100, 10, new ObjectMetadata());
        put("signed/b", 100, 11, new ObjectMetadata());
        OssTestClient.Resp swapped = emulator.client().call("PUT", "signed/dst")
                .header("x-oss-copy-source", "/" + BUCKET + "/signed/a")
                .tamper("x-oss-copy-source", "/" + BUCKET + "/signed/b").send();
        assertThat(swapped.status()).isEqualTo(403);
        assertThat(swapped.xml("Code")).isEqualTo("SignatureDoesNotMatch");
        String uploadId = oss().initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "signed/dst"))
                .getUploadId();
        OssTestClient.Resp widened = emulator.client().call("PUT", "signed/dst").query("partNumber", "1")
                .query("uploadId", uploadId).header("x-oss-copy-source", "/" + BUCKET + "/signed/a")
                .header("x-oss-copy-source-range", "bytes=0-9").tamper("x-oss-copy-source-range", "bytes=0-99").send();
        assertThat(widened.xml("Code")).isEqualTo("SignatureDoesNotMatch");
        assertThat(counters().bytesCopied()).isZero();
    }

    @Test
    void uploadPartCopyCopiesInclusiveRangesAndCompletesWithUploadedPartsIntoTheConcatenation() throws Exception {
        byte[] source = put("parts/src", 350 * KIB, 6, new ObjectMetadata());
        byte[] sent = EmulatorMultipartTest.random(120 * KIB, 7);
        String uploadId = oss().initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "parts/dst"))
                .getUploadId();
        counters().reset();

        // part 1: source bytes [0, 150 KiB); part 2: sent; part 3: the source's last 100 KiB + 1 byte.
        UploadPartCopyResult one = oss().uploadPartCopy(new UploadPartCopyRequest(BUCKET, "parts/src", BUCKET,
                "parts/dst", uploadId, 1, 0L, 150L * KIB));
        PartETag two = oss().uploadPart(uploadRequest(uploadId, 2, sent)).getPartETag();
        long tailStart = source.length - 100 * KIB - 1;
        OssTestClient.Resp three = partCopy("parts/dst", uploadId, 3, "/" + BUCKET + "/parts/src",
                "bytes=" + tailStart + "-" + (source.length - 1));
        assertThat(three.status()).isEqualTo(200);
        assertThat(three.header("x-oss-hash-crc64ecma")).as("OSS documents no CRC for a copied part").isNull();
        byte[] tail = Arrays.copyOfRange(source, (int) tailStart, source.length);
        assertThat(three.xml("ETag")).isEqualTo("\"" + md5Etag(tail) + "\"");
        assertThat(three.xml("LastModified")).endsWith("Z");
        byte[] head = Arrays.copyOfRange(source, 0, 150 * KIB);
        assertThat(one.getETag()).isEqualTo(md5Etag(head));

        assertThat(counters().requests(OssOperation.UPLOAD_PART_COPY)).isEqualTo(2);
        assertThat(counters().bodyBytesReceived(OssOperation.UPLOAD_PART_COPY)).isZero();
        assertThat(counters().bodyBytesReceived()).isEqualTo(sent.length);
        assertThat(counters().bytesCopied(OssOperation.UPLOAD_PART_COPY)).isEqualTo(head.length + tail.length);

        List<PartSummary> listed = oss().listParts(new ListPartsRequest(BUCKET, "parts/dst", uploadId)).getParts();
        assertThat(listed).extracting(PartSummary::getSize).containsExactly((long) head.length, (long) sent.length,
                (long) tail.length);
        OssTestClient.Resp rawList = emulator.client().call("GET", "parts/dst").query("uploadId", uploadId).send();
        assertThat(rawList.xmlAll("HashCrc64ecma")).containsExactly(Long.toUnsignedString(Crc64.of(head)),
                Long.toUnsignedString(Crc64.of(sent)), Long.toUnsignedString(Crc64.of(tail)));

        CompleteMultipartUploadResult done = oss().completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET,
                "parts/dst", uploadId, new ArrayList<>(List.of(one.getPartETag(), two, new PartETag(3, three.xml("ETag"))))));
        byte[] whole = concat(head, sent, tail);
        assertThat(done.getServerCRC()).isEqualTo(Crc64.of(whole));
        assertThat(get("parts/dst")).isEqualTo(whole);
    }

    @Test
    void copyRangesAreCheckedAtTheirBoundaries() throws Exception {
        byte[] source = put("ranges/src", 1000, 8, new ObjectMetadata());
        String uploadId = oss().initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "ranges/dst"))
                .getUploadId();
        String src = "/" + BUCKET + "/ranges/src";

        assertThat(partCopy("ranges/dst", uploadId, 1, src, "bytes=999-999").xml("ETag"))
                .isEqualTo("\"" + md5Etag(new byte[] {source[999]}) + "\"");
        assertThat(partCopy("ranges/dst", uploadId, 2, src, null).xml("ETag")).as("no range: the whole source")
                .isEqualTo("\"" + md5Etag(source) + "\"");
        assertThat(partCopy("ranges/dst", uploadId, 3, src, "bytes=0-0").status()).isEqualTo(200);

        for (String beyond : new String[] {"bytes=0-1000", "bytes=1000-1000", "bytes=500-5000"}) {
            OssTestClient.Resp r = partCopy("ranges/dst", uploadId, 4, src, beyond);
            assertThat(r.status()).as(beyond).isEqualTo(416);
            assertThat(r.xml("Code")).as(beyond).isEqualTo("InvalidRange");
        }
        for (String malformed : new String[] {"bytes=5-4", "bytes=0-", "bytes=-5", "0-5", "bytes=a-b", "bytes=0-1,2-3"}) {
            OssTestClient.Resp r = partCopy("ranges/dst", uploadId, 4, src, malformed);
            assertThat(r.status()).as(malformed).isEqualTo(400);
            assertThat(r.xml("Code")).as(malformed).isEqualTo("InvalidArgument");
        }
        assertThat(oss().listParts(new ListPartsRequest(BUCKET, "ranges/dst", uploadId)).getParts())
                .extracting(PartSummary::getPartNumber).containsExactly(1, 2, 3);
    }

    @Test
    void partCopyRefusalsAreOssErrorsAndCopiedPartsObeyTheSizeRuleAtComplete() throws Exception {
        byte[] source = put("rules/src", 50 * KIB, 9, new ObjectMetadata());
        String uploadId = oss().initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "rules/dst"))
                .getUploadId();
        String src = "/" + BUCKET + "/rules/src";

        assertThat(partCopy("rules/dst", "0000NOSUCHUPLOAD", 1, src, null).xml("Code")).isEqualTo("NoSuchUpload");
        OssTestClient.Resp missing = partCopy("rules/dst", uploadId, 1, "/" + BUCKET + "/rules/absent", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.xml("Code")).isEqualTo("NoSuchKey");
        OssTestClient.Resp changed = emulator.client().call("PUT", "rules/dst").query("partNumber", "1")
                .query("uploadId", uploadId).header("x-oss-copy-source", src)
                .header("x-oss-copy-source-if-match", "\"" + md5Etag(new byte[1]) + "\"").send();
        assertThat(changed.status()).isEqualTo(412);
        assertThat(changed.xml("Code")).isEqualTo("PreconditionFailed");
        assertThat(partCopy("rules/dst", uploadId, 10001, src, null).xml("Code")).isEqualTo("InvalidArgument");

        UploadPartCopyRequest ok = new UploadPartCopyRequest(BUCKET, "rules/src", BUCKET, "rules/dst", uploadId, 1,
                null, null);
        ok.setMatchingETagConstraints(List.of(md5Etag(source)));
        PartETag small = oss().uploadPartCopy(ok).getPartETag();
        PartETag last = oss().uploadPartCopy(new UploadPartCopyRequest(BUCKET, "rules/src", BUCKET, "rules/dst",
                uploadId, 2, 0L, 10L)).getPartETag();
        assertThatThrownBy(() -> oss().completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "rules/dst",
                uploadId, new ArrayList<>(List.of(small, last))))).isInstanceOfSatisfying(OSSException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("EntityTooSmall"));
    }

    private OssTestClient.Resp partCopy(String key, String uploadId, int part, String source, String range) {
        OssTestClient.Call call = emulator.client().call("PUT", key).query("partNumber", Integer.toString(part))
                .query("uploadId", uploadId).header("x-oss-copy-source", source);
        return range == null ? call.send() : call.header("x-oss-copy-source-range", range).send();
    }

    private static UploadPartRequest uploadRequest(String uploadId, int part, byte[] data) {
        return new UploadPartRequest(BUCKET, "parts/dst", uploadId, part, new ByteArrayInputStream(data), data.length);
    }

    private static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] a : arrays) {
            out.writeBytes(a);
        }
        return out.toByteArray();
    }
}
