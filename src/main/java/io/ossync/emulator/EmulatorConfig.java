package io.ossync.emulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to run an emulator.
 *
 * @param dataDir         where buckets, objects and uploads live (created if missing)
 * @param port            TCP port on 127.0.0.1; 0 picks a free one
 * @param buckets         buckets to create if missing (folders already under dataDir are buckets too)
 * @param region          the region V4 signatures must name, e.g. cn-hangzhou
 * @param securityToken   if not null, every request signed with the static key must carry it as
 *                        {@code x-oss-security-token}
 * @param sts             if not null, the emulator also issues temporary credentials (see {@link StsConfig})
 */
public record EmulatorConfig(Path dataDir, int port, List<String> buckets, String region,
                             String accessKeyId, String accessKeySecret, String securityToken, StsConfig sts) {
    /** An emulator that accepts its static key only (no STS). */
    public EmulatorConfig(Path dataDir, int port, List<String> buckets, String region,
                          String accessKeyId, String accessKeySecret, String securityToken) {
        this(dataDir, port, buckets, region, accessKeyId, accessKeySecret, securityToken, null);
    }

    public EmulatorConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(accessKeySecret, "accessKeySecret");
        buckets = List.copyOf(Objects.requireNonNull(buckets, "buckets"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (region.isBlank() || accessKeyId.isBlank() || accessKeySecret.isEmpty()) {
            throw new IllegalArgumentException("region, access key id and secret must not be blank");
        }
    }

    /** The same emulator, issuing temporary credentials as {@code sts} says. */
    public EmulatorConfig withSts(StsConfig sts) {
        return new EmulatorConfig(dataDir, port, buckets, region, accessKeyId, accessKeySecret, securityToken, sts);
    }

    /** The secret and token stay out of logs and exception messages. */
    @Override
    public String toString() {
        return "EmulatorConfig[dataDir=" + dataDir + ", port=" + port + ", buckets=" + buckets + ", region=" + region
                + ", accessKeyId=" + accessKeyId + ", securityToken=" + (securityToken == null ? "none" : "set")
                + ", sts=" + sts + "]";
    }
}
