package io.ossync.store;

import io.ossync.throttle.BandwidthLimiter;

import java.time.Duration;

/**
 * Connection settings of the OSS client (the SDK's defaults wait 50 s on a dead socket), and the
 * bandwidth limit shared by every part stream of this client.
 */
public record OssClientTuning(Duration connectTimeout, Duration socketTimeout, int maxConnections,
                              BandwidthLimiter bandwidth) {

    public static final OssClientTuning DEFAULT = new OssClientTuning(Duration.ofSeconds(10), Duration.ofSeconds(30), 64);

    public OssClientTuning(Duration connectTimeout, Duration socketTimeout, int maxConnections) {
        this(connectTimeout, socketTimeout, maxConnections, BandwidthLimiter.unlimited());
    }

    public OssClientTuning withBandwidth(BandwidthLimiter limiter) {
        return new OssClientTuning(connectTimeout, socketTimeout, maxConnections, limiter);
    }
}
