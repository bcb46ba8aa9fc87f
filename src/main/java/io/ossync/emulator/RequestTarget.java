package io.ossync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The bucket and object key a request addresses, from its Host header and raw (still
 * percent-encoded) path.
 *
 * <p>Addressing rule: a Host of the form {@code <bucket>.<anything>} is virtual-hosted (the bucket
 * is the first label) unless the host is an IP literal or its first label is not a valid bucket
 * name; IP literals, {@code localhost} and any single-label host are path-style
 * ({@code /bucket/key}). So {@code http://127.0.0.1:9000/demo/a.txt} and
 * {@code http://demo.localhost:9000/a.txt} address the same object.
 *
 * @param bucket null for a service-level request ({@code GET /})
 * @param key    null for a bucket-level request; never empty otherwise
 */
record RequestTarget(String bucket, String key, boolean virtualHosted) {
    static final int MAX_KEY_BYTES = 1023;
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    static RequestTarget parse(String hostHeader, String rawPath) throws OssException {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String virtualBucket = virtualHostBucket(hostHeader);
        if (virtualBucket != null) {
            String key = path.length() > 1 ? decodePath(path.substring(1)) : null;
            return new RequestTarget(virtualBucket, checkedKey(key), true);
        }
        String rest = path.substring(1);
        if (rest.isEmpty()) {
            return new RequestTarget(null, null, false);
        }
        int slash = rest.indexOf('/');
        String bucket = decodePath(slash < 0 ? rest : rest.substring(0, slash));
        if (!isValidBucketName(bucket)) {
            throw OssErrors.invalidBucketName(bucket);
        }
        String key = slash < 0 || slash == rest.length() - 1 ? null : decodePath(rest.substring(slash + 1));
        return new RequestTarget(bucket, checkedKey(key), false);
    }

    static boolean isValidBucketName(String name) {
        return name != null && BUCKET_NAME.matcher(name).matches();
    }

    /** The bucket named by a virtual-hosted Host header, or null for path-style. */
    static String virtualHostBucket(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty() || hostHeader.startsWith("[")) {
            return null; // absent, or an IPv6 literal
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        int dot = host.indexOf('.');
        if (dot <= 0 || IPV4.matcher(host).matches()) {
            return null;
        }
        String label = host.substring(0, dot);
        return isValidBucketName(label) ? label : null;
    }

    private static String decodePath(String raw) throws OssException {
        try {
            return UrlCodec.decode(raw, false);
        } catch (IllegalArgumentException e) {
            throw OssErrors.invalidObjectName("The object name is not valid percent-encoded UTF-8: " + e.getMessage());
        }
    }

    private static String checkedKey(String key) throws OssException {
        if (key == null) {
            return null;
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw OssErrors.invalidObjectName("The Length of Object name must be less than 1024.");
        }
        if (key.startsWith("/") || key.startsWith("\\")) {
            throw OssErrors.invalidObjectName("Object name cannot start with / or \\.");
        }
        return key;
    }
}
