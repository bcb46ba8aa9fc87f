package io.ossync.config;

import java.util.Objects;

/** Where the metrics endpoint listens; port 0 picks a free one (tests). */
public record MetricsConfig(String host, int port) {

    public MetricsConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }
}
