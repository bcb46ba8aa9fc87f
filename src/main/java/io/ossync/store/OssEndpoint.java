package io.ossync.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where an OSS-compatible service answers and how to address buckets there.
 *
 * <p>Addressing follows the official SDK: path-style ({@code /bucket/key}) for IP literals and
 * {@code localhost}, virtual-host style ({@code bucket.host}) otherwise, and with {@code cname}
 * the host already names one bucket (a custom domain bound to it) and is used as is.
 */
public record OssEndpoint(URI uri, String region, boolean cname) {

    public OssEndpoint {
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw noScheme(uri.toString());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + uri + "' has no host name");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("a region is required for signature V4 (e.g. cn-hangzhou)");
        }
    }

    /** Parses an endpoint such as {@code https://oss-cn-hangzhou.aliyuncs.com}. */
    public static OssEndpoint parse(String endpoint, String region, boolean cname) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("an endpoint is required (e.g. https://oss-cn-hangzhou.aliyuncs.com)");
        }
        if (!endpoint.contains("://")) {
            // java.net.URI would read "127.0.0.1:9000" as a scheme: "Illegal character in scheme name"
            throw noScheme(endpoint);
        }
        try {
            return new OssEndpoint(new URI(endpoint.trim()), region, cname);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a valid URL: " + e.getReason());
        }
    }

    private static IllegalArgumentException noScheme(String endpoint) {
        return new IllegalArgumentException("endpoint '" + endpoint + "' must start with http:// or https://");
    }

    /** True when buckets are addressed in the path, as the SDK does for IP literals and localhost. */
    public boolean pathStyle() {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
