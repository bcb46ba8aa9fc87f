package io.ossync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.OptionalLong;

/**
 * Parsers of single configuration values with OSS rules (endpoint, region, bucket, part size,
 * bandwidth, listen address). Pure: each returns the value or throws IllegalArgumentException
 * with a one-line reason, which the caller files under the key path.
 */
final class ConfigValues {

    private ConfigValues() {
    }

    static String endpoint(String text) {
        String e = text.strip();
        if (e.equals(TargetConfig.EMBEDDED)) {
            return e;
        }
        // Checked before parsing: without "://", java.net.URI reads "127.0.0.1:9000" or "my_host:80"
        // as a scheme and fails with "Illegal character in scheme name", which hides the real fix.
        if (!e.contains("://")) {
            throw noScheme(text);
        }
        URI uri;
        try {
            uri = new URI(e);
        } catch (URISyntaxException ex) {
            throw new IllegalArgumentException("invalid endpoint URL: " + ex.getReason());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw noScheme(text);
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new IllegalArgumentException("endpoint must not carry a user or password (credentials come from the environment)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint has no host name: \"" + text + "\"");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint must be a scheme and host only (no path or query), got \"" + text + "\"");
        }
        return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    }

    private static IllegalArgumentException noScheme(String text) {
        return new IllegalArgumentException("endpoint must start with https:// or http:// (or be \"embedded\"), got \""
                + text + "\" (e.g. https://oss-cn-hangzhou.aliyuncs.com)");
    }

    static String region(String text) {
        String r = text.strip();
        if (r.startsWith("oss-")) {
            throw new IllegalArgumentException("region is the id without \"oss-\", e.g. \"" + r.substring(4) + "\", got \"" + text + "\"");
        }
        if (!r.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("invalid region \"" + text + "\" (e.g. cn-hangzhou)");
        }
        return r;
    }

    /** OSS bucket names: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit. */
    static String bucket(String text) {
        String b = text.strip();
        if (b.length() < 3 || b.length() > 63) {
            throw new IllegalArgumentException("bucket name \"" + text + "\" must be 3 to 63 characters long");
        }
        if (!b.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bucket name \"" + text + "\" may hold only lowercase letters, digits and hyphens");
        }
        if (b.startsWith("-") || b.endsWith("-")) {
            throw new IllegalArgumentException("bucket name \"" + text + "\" must start and end with a letter or digit");
        }
        return b;
    }

    static OptionalLong partSize(String text) {
        if (text.strip().equals("auto")) {
            return OptionalLong.empty();
        }
        long size = ConfigSizes.parse(text);
        if (size < UploadConfig.MIN_PART_SIZE || size > UploadConfig.MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size \"" + text + "\" must be auto or from 100KiB to 5GiB (OSS limits)");
        }
        return OptionalLong.of(size);
    }

    static long bandwidth(String text) {
        String t = text.strip();
        return ConfigSizes.parse(t.endsWith("/s") ? t.substring(0, t.length() - 2) : t);
    }

    static MetricsConfig listen(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "" : t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(t.substring(colon + 1));
            if (!host.isEmpty() && colon > 0 && port >= 0 && port <= 65535) {
                return new MetricsConfig(host, port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected host:port (e.g. 127.0.0.1:9464 or [::1]:9464), got \"" + text + "\"");
    }

    /** Whether the endpoint sends data in clear over the network (http to a host other than loopback). */
    static boolean plainHttpToAnotherHost(String endpoint) {
        URI uri = URI.create(endpoint);
        String host = uri.getHost();
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return uri.getScheme().equals("http") && !loopback;
    }
}
