package io.ossync.emulator;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import io.ossync.testing.RemoteObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A read-only emulator over a data folder another emulator owns and writes (the demo daemon's
 * embedded target, read by {@code ossync ls} and {@code verify}): it serves what was committed,
 * refuses writes, and leaves the owner's files in flight alone.
 */
class ReadOnlyEmulatorTest {

    private static final String BUCKET = "demo-bucket";
    private static final String REGION = "cn-hangzhou";

    @TempDir
    Path dir;

    private static RemoteObjects client(OssEmulator emulator, String id, String secret) {
        return new RemoteObjects(emulator.endpoint(), REGION, id, secret);
    }

    /** Starts a multipart upload on the owner and leaves it open. */
    private static String initiate(OssEmulator owner, String key) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        OSS sdk = OSSClientBuilder.create().endpoint(owner.endpoint()).region(REGION)
                .credentialsProvider(new DefaultCredentialProvider("owner", "owner-secret")).clientConfiguration(conf)
                .build();
        try {
            return sdk.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();
        } finally {
            sdk.shutdown();
        }
    }

    @Test
    void servesCommittedObjectsRefusesWritesAndSweepsNothingOfTheOwner() throws Exception {
        try (OssEmulator owner = OssEmulator.start(new EmulatorConfig(dir, 0, List.of(BUCKET), REGION, "owner",
                "owner-secret", null));
             RemoteObjects ownerClient = client(owner, "owner", "owner-secret")) {
            ownerClient.put(BUCKET, "inbox/a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
            // What the owner has in flight: a body being received, an open multipart upload.
            Path receiving = Files.writeString(dir.resolve(BUCKET).resolve("tmp").resolve("receiving.tmp"), "half");
            String uploadId = initiate(owner, "big.bin");

            try (OssEmulator reader = OssEmulator.startReadOnly(new EmulatorConfig(dir, 0, List.of("not-made"), REGION,
                    "reader", "reader-secret", null));
                 RemoteObjects readerClient = client(reader, "reader", "reader-secret")) {
                assertThat(readerClient.bytes(BUCKET, "inbox/a.txt")).asString(StandardCharsets.UTF_8).isEqualTo("alpha");
                assertThat(readerClient.exists(BUCKET, "inbox/b.txt")).isFalse();
                assertThatThrownBy(() -> readerClient.put(BUCKET, "inbox/b.txt", new byte[1]))
                        .isInstanceOfSatisfying(OSSException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
                            assertThat(e.getErrorMessage()).contains("read-only");
                        });
                assertThatThrownBy(() -> readerClient.delete(BUCKET, "inbox/a.txt")).isInstanceOf(OSSException.class);
                assertThat(readerClient.exists(BUCKET, "inbox/a.txt")).isTrue();
                assertThat(Files.exists(dir.resolve("not-made"))).as("configured buckets are not created").isFalse();

                // The owner goes on: HEAD and GET by key see its new and replaced objects at once.
                ownerClient.put(BUCKET, "inbox/late.txt", "late".getBytes(StandardCharsets.UTF_8));
                ownerClient.put(BUCKET, "inbox/a.txt", "alpha, replaced".getBytes(StandardCharsets.UTF_8));
                assertThat(readerClient.size(BUCKET, "inbox/late.txt")).isEqualTo(4);
                assertThat(readerClient.bytes(BUCKET, "inbox/a.txt")).asString(StandardCharsets.UTF_8)
                        .isEqualTo("alpha, replaced");
                ownerClient.delete(BUCKET, "inbox/late.txt");
                assertThat(readerClient.exists(BUCKET, "inbox/late.txt")).isFalse();
            }

            assertThat(receiving).as("the owner's body in flight").hasContent("half");
            assertThat(ownerClient.openUploads(BUCKET, "")).containsExactly(uploadId);
            assertThat(Files.exists(dir.resolve(BUCKET).resolve("uploads").resolve(uploadId))).isTrue();
            ownerClient.put(BUCKET, "inbox/c.txt", new byte[2]);
            assertThat(ownerClient.exists(BUCKET, "inbox/a.txt")).isTrue();
        }
    }

    @Test
    void aFolderWithoutBucketsServesNone() throws Exception {
        try (OssEmulator reader = OssEmulator.startReadOnly(new EmulatorConfig(dir.resolve("absent"), 0, List.of(),
                REGION, "reader", "reader-secret", null));
             RemoteObjects readerClient = client(reader, "reader", "reader-secret")) {
            assertThatThrownBy(() -> readerClient.bytes(BUCKET, "x")).isInstanceOfSatisfying(OSSException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
        }
        assertThat(Files.exists(dir.resolve("absent"))).isFalse();
    }
}
