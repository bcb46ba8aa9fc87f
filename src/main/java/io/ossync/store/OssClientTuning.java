package io.ossync.store;

import java.time.Duration;

/** Connection settings of the OSS client. The SDK's defaults wait 50 s on a dead socket. */
public record OssClientTuning(Duration connectTimeout, Duration socketTimeout, int maxConnections) {
    public static final OssClientTuning DEFAULT = new OssClientTuning(Duration.ofSeconds(10), Duration.ofSeconds(30), 64);
}
