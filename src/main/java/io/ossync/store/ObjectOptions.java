package io.ossync.store;

import java.util.Map;
import java.util.Objects;

/**
 * What a new object carries besides its bytes. A null content type lets the store pick one;
 * a null storage class leaves the bucket's default. User metadata keys are given without the
 * {@code x-oss-meta-} prefix.
 */
public record ObjectOptions(String contentType, StorageClass storageClass,
                           ServerSideEncryption serverSideEncryption, Map<String, String> userMetadata) {

    public static final ObjectOptions DEFAULT = new ObjectOptions(null, null, ServerSideEncryption.NONE, Map.of());

    public ObjectOptions {
        Objects.requireNonNull(serverSideEncryption, "serverSideEncryption");
        userMetadata = Map.copyOf(userMetadata);
    }

    public ObjectOptions withContentType(String type) {
        return new ObjectOptions(type, storageClass, serverSideEncryption, userMetadata);
    }

    public ObjectOptions withUserMetadata(Map<String, String> metadata) {
        return new ObjectOptions(contentType, storageClass, serverSideEncryption, metadata);
    }
}
