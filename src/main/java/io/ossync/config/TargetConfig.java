package io.ossync.config;

import java.util.Objects;

/**
 * Where objects go: an OSS endpoint URL ({@code http} or {@code https}), or {@value #EMBEDDED} for
 * the emulator started in process; the region used to sign requests (V4); the bucket; where the
 * credentials come from (ignored for the embedded emulator, which makes up its own).
 */
public record TargetConfig(String endpoint, String region, String bucket, CredentialsSetting credentials) {

    /** The endpoint value that asks for the in-process emulator. */
    public static final String EMBEDDED = "embedded";
    /** The region signed with when the endpoint is embedded and none is given. */
    public static final String EMBEDDED_DEFAULT_REGION = "cn-hangzhou";

    public TargetConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** A target that takes its credentials from the chain ({@code credentials: auto}). */
    public TargetConfig(String endpoint, String region, String bucket) {
        this(endpoint, region, bucket, CredentialsSetting.AUTO);
    }

    public boolean embedded() {
        return EMBEDDED.equals(endpoint);
    }

    /** {@code oss://bucket (endpoint)}, for messages. */
    public String describe() {
        return "oss://" + bucket + " (" + endpoint + ")";
    }
}
