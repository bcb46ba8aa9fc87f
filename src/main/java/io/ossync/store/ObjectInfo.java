package io.ossync.store;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An object's metadata as HEAD reports it. The CRC-64 is absent for objects the server stored
 * without one; user metadata keys are given without the {@code x-oss-meta-} prefix.
 */
public record ObjectInfo(long size, String etag, OptionalLong crc64, Instant lastModified,
                         String contentType, String storageClass, Map<String, String> userMetadata) {
    public ObjectInfo {
        userMetadata = Map.copyOf(userMetadata);
    }
}
