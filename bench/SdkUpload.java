import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.PutObjectResult;
import com.aliyun.oss.model.UploadFileRequest;
import com.aliyun.oss.model.UploadFileResult;

import java.io.File;

/**
 * The official OSS Java SDK as a benchmark client, run as a child JVM by {@code UploadBench} so that
 * it pays the same JVM start and exit as {@code java -jar ossync.jar upload}.
 *
 * <pre>
 *   SdkUpload upload-file FILE BUCKET KEY ENDPOINT REGION PART_SIZE TASKS CHECKPOINT_FILE
 *   SdkUpload put         FILE BUCKET KEY ENDPOINT REGION
 *   SdkUpload noop        (JVM start and exit only, for reference)
 * </pre>
 *
 * The client is configured as a user of the SDK would: signature V4 with the region, everything
 * else (CRC-64 checking on, 3 retries, connection pool) left at the SDK's defaults. Credentials
 * come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET. Prints the server's CRC-64; exits 0 on success.
 */
public final class SdkUpload {

    public static void main(String[] args) throws Throwable {
        if (args.length == 1 && args[0].equals("noop")) {
            return;
        }
        if (args.length < 6) {
            throw new IllegalArgumentException("usage: SdkUpload upload-file|put FILE BUCKET KEY ENDPOINT REGION [...]");
        }
        String mode = args[0];
        File file = new File(args[1]);
        String bucket = args[2];
        String key = args[3];
        OSS client = client(args[4], args[5]);
        try {
            long crc;
            if (mode.equals("upload-file")) {
                UploadFileRequest req = new UploadFileRequest(bucket, key);
                req.setUploadFile(file.getPath());
                req.setPartSize(Long.parseLong(args[6]));
                req.setTaskNum(Integer.parseInt(args[7]));
                req.setEnableCheckpoint(true);
                req.setCheckpointFile(args[8]);
                UploadFileResult res = client.uploadFile(req);
                crc = res.getMultipartUploadResult().getServerCRC();
            } else if (mode.equals("put")) {
                PutObjectResult res = client.putObject(bucket, key, file);
                crc = res.getServerCRC();
            } else {
                throw new IllegalArgumentException("unknown mode " + mode);
            }
            System.out.println("sdk " + mode + " done crc64=" + Long.toUnsignedString(crc));
        } finally {
            client.shutdown();
        }
    }

    private static OSS client(String endpoint, String region) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        return OSSClientBuilder.create()
                .endpoint(endpoint)
                .credentialsProvider(new DefaultCredentialProvider(
                        System.getenv("OSS_ACCESS_KEY_ID"), System.getenv("OSS_ACCESS_KEY_SECRET")))
                .clientConfiguration(conf)
                .region(region)
                .build();
    }
}
