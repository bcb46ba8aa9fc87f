package io.ossync.badinput;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.OSSObjectSummary;
import io.ossync.emulator.EmulatorExtension;

import java.util.List;

/** Every key of the test bucket under a prefix, read with the official SDK (independent of our code). */
final class BucketKeys {

    private BucketKeys() {
    }

    static List<String> list(String endpoint, String prefix) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        conf.setMaxErrorRetry(0);
        OSS client = OSSClientBuilder.create().endpoint(endpoint).region(EmulatorExtension.REGION)
                .credentialsProvider(new DefaultCredentialProvider(EmulatorExtension.ACCESS_KEY_ID,
                        EmulatorExtension.ACCESS_KEY_SECRET))
                .clientConfiguration(conf).build();
        try {
            ListObjectsV2Request req = new ListObjectsV2Request(EmulatorExtension.BUCKET);
            req.setPrefix(prefix);
            req.setMaxKeys(1000);
            return client.listObjectsV2(req).getObjectSummaries().stream().map(OSSObjectSummary::getKey).toList();
        } finally {
            client.shutdown();
        }
    }
}
