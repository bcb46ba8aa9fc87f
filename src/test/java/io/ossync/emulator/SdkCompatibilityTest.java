package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.MultipartUploadListing;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectListing;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartListing;
import com.aliyun.oss.model.PutObjectResult;
import com.aliyun.oss.model.UploadPartRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OSS Java SDK, V4 signatures, against the emulator: its signatures, metadata handling
 * and CRC-64 checks (on put, parts, Complete and whole-object get) are all accepted.
 */
class SdkCompatibilityTest {
    private static final String BUCKET = EmulatorExtension.BUCKET;

    @RegisterExtension
    static EmulatorExtension emulator = new EmulatorExtension();

    private OSS oss;

    @BeforeEach
    void client() {
        oss = emulator.sdk();
    }

    @Test
    void putWithMetadataThenHeadAndGetReturnIt() throws IOException {
        byte[] data = EmulatorMultipartTest.random(200_000, 5);
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentType("image/x-test");
        meta.addUserMetadata("color", "blue");
        PutObjectResult put = oss.putObject(BUCKET, "sdk/meta.bin", new ByteArrayInputStream(data), meta);
        assertThat(put.getServerCRC()).isEqualTo(Crc64.of(data));

        ObjectMetadata head = oss.getObjectMetadata(BUCKET, "sdk/meta.bin");
        assertThat(head.getUserMetadata()).containsEntry("color", "blue");
        assertThat(head.getContentType()).isEqualTo("image/x-test");
        assertThat(head.getContentLength()).isEqualTo(data.length);
        assertThat(head.getServerCRC()).isEqualTo(Crc64.of(data));

        try (OSSObject object = oss.getObject(BUCKET, "sdk/meta.bin"); InputStream in = object.getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(object.getObjectMetadata().getUserMetadata()).containsEntry("color", "blue");
        }
        GetObjectRequest ranged = new GetObjectRequest(BUCKET, "sdk/meta.bin");
        ranged.setRange(1000, 1999);
        try (OSSObject part = oss.getObject(ranged); InputStream in = part.getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1000, 2000));
        }
    }

    @Test
    void multipartRoundTripPassesTheSdkCrcChecks() throws IOException {
        String key = "sdk/multi part+ü.bin";
        byte[][] parts = {EmulatorMultipartTest.random(100 * 1024, 1), EmulatorMultipartTest.random(120 * 1024, 2),
                EmulatorMultipartTest.random(999, 3)};
        String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();

        MultipartUploadListing uploads = oss.listMultipartUploads(new ListMultipartUploadsRequest(BUCKET));
        assertThat(uploads.getMultipartUploads()).anyMatch(u -> u.getKey().equals(key) && u.getUploadId().equals(uploadId));

        List<PartETag> etags = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            UploadPartRequest req = new UploadPartRequest(BUCKET, key, uploadId, i + 1,
                    new ByteArrayInputStream(parts[i]), parts[i].length);
            etags.add(oss.uploadPart(req).getPartETag());
        }
        PartListing listed = oss.listParts(new ListPartsRequest(BUCKET, key, uploadId));
        assertThat(listed.getParts()).hasSize(3);
        assertThat(listed.getParts().get(1).getSize()).isEqualTo(120 * 1024);

        CompleteMultipartUploadResult done = oss.completeMultipartUpload(
                new CompleteMultipartUploadRequest(BUCKET, key, uploadId, etags));
        byte[] all = new byte[parts[0].length + parts[1].length + parts[2].length];
        System.arraycopy(parts[0], 0, all, 0, parts[0].length);
        System.arraycopy(parts[1], 0, all, parts[0].length, parts[1].length);
        System.arraycopy(parts[2], 0, all, parts[0].length + parts[1].length, parts[2].length);
        assertThat(done.getServerCRC()).isEqualTo(Crc64.of(all));
        assertThat(done.getETag()).endsWith("-3");
        assertThat(done.getKey()).isEqualTo(key);

        try (OSSObject object = oss.getObject(BUCKET, key); InputStream in = object.getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(all);
        }
        ObjectListing listing = oss.listObjects(new ListObjectsRequest(BUCKET).withPrefix("sdk/multi"));
        assertThat(listing.getObjectSummaries()).extracting(s -> s.getKey()).containsExactly(key);
        assertThat(listing.getObjectSummaries().get(0).getSize()).isEqualTo(all.length);
    }

    @Test
    void sdkSeesOssErrors() {
        assertThatThrownBy(() -> oss.getObject(BUCKET, "sdk/missing"))
                .isInstanceOfSatisfying(OSSException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("NoSuchKey");
                    assertThat(e.getRequestId()).matches("[0-9A-F]{24}");
                });
        assertThatThrownBy(() -> oss.abortMultipartUpload(new com.aliyun.oss.model.AbortMultipartUploadRequest(
                BUCKET, "sdk/x", "0123456789ABCDEF0123456789ABCDEF")))
                .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload"));
    }
}
