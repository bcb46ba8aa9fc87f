package io.ossync.testing;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.OSSObject;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Reads objects back from a server with the official SDK, independently of the code under test:
 * the judge of "the object equals the file".
 */
public final class RemoteObjects implements AutoCloseable {

    private final OSS client;

    public RemoteObjects(String endpoint, String region, String accessKeyId, String accessKeySecret) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        conf.setMaxErrorRetry(0);
        client = OSSClientBuilder.create().endpoint(endpoint).region(region)
                .credentialsProvider(new DefaultCredentialProvider(accessKeyId, accessKeySecret))
                .clientConfiguration(conf).build();
    }

    public String sha256(String bucket, String key) throws IOException {
        OSSObject o = client.getObject(bucket, key);
        try (InputStream in = o.getObjectContent()) {
            return TestFiles.sha256(in);
        }
    }

    /** The object's bytes (small objects: tests hold them in memory). */
    public byte[] bytes(String bucket, String key) throws IOException {
        OSSObject o = client.getObject(bucket, key);
        try (InputStream in = o.getObjectContent()) {
            return in.readAllBytes();
        }
    }

    /** The object's length as HEAD answers it. */
    public long size(String bucket, String key) {
        return client.getObjectMetadata(bucket, key).getContentLength();
    }

    /** Writes the object with one PutObject, as someone else than the daemon would. */
    public void put(String bucket, String key, byte[] content) {
        client.putObject(bucket, key, new java.io.ByteArrayInputStream(content));
    }

    /** Deletes the object, as someone else than the daemon would. */
    public void delete(String bucket, String key) {
        client.deleteObject(bucket, key);
    }

    public boolean exists(String bucket, String key) {
        return client.doesObjectExist(bucket, key);
    }

    /** The object's user metadata, keys without the {@code x-oss-meta-} prefix. */
    public Map<String, String> userMetadata(String bucket, String key) {
        return client.getObjectMetadata(bucket, key).getUserMetadata();
    }

    /** Upload ids of the multipart uploads still open under the prefix. */
    public List<String> openUploads(String bucket, String prefix) {
        var req = new com.aliyun.oss.model.ListMultipartUploadsRequest(bucket);
        req.setPrefix(prefix);
        req.setMaxUploads(1000);
        return client.listMultipartUploads(req).getMultipartUploads().stream()
                .map(com.aliyun.oss.model.MultipartUpload::getUploadId).toList();
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
