package io.ossync.emulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a client sets on an object besides its bytes, as given to PutObject or
 * InitiateMultipartUpload and returned by Get and Head.
 *
 * @param userMetadata lower-case header names ({@code x-oss-meta-color}) to values
 */
record ObjectAttributes(String contentType, String storageClass, String serverSideEncryption,
                        String serverSideEncryptionKeyId, Map<String, String> userMetadata) {
    ObjectAttributes {
        userMetadata = Map.copyOf(new TreeMap<>(userMetadata));
    }
}
