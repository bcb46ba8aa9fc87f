package io.ossync.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small OSS V4 signer for tests, written on its own from the OSS documentation (it shares no code
 * with the emulator's verifier, so one cannot hide a bug of the other). Signs content-type,
 * content-md5 and every x-oss-* header of the request, payload UNSIGNED-PAYLOAD.
 */
final class TestV4Signer {
    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String accessKeyId;
    private final String secret;
    private final String region;

    TestV4Signer(String accessKeyId, String secret, String region) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.region = region;
    }

    /**
     * Adds x-oss-date, x-oss-content-sha256 and Authorization to {@code headers} (names as the
     * caller wants them sent) for a request on /bucket/key with the given decoded query.
     */
    Map<String, String> sign(String method, String bucket, String key, Map<String, String> query,
                             Map<String, String> headers, Instant when) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        String datetime = DATETIME.format(when);
        String date = datetime.substring(0, 8);
        out.put("x-oss-date", datetime);
        out.put("x-oss-content-sha256", "UNSIGNED-PAYLOAD");

        StringBuilder canonical = new StringBuilder();
        canonical.append(method).append('\n');
        String resource = "/" + (bucket == null ? "" : bucket + "/") + (key == null ? "" : key);
        canonical.append(uriEncode(resource).replace("%2F", "/")).append('\n');
        TreeMap<String, String> sortedQuery = new TreeMap<>();
        query.forEach((k, v) -> sortedQuery.put(uriEncode(k), uriEncode(v)));
        StringBuilder q = new StringBuilder();
        sortedQuery.forEach((k, v) -> {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(k);
            if (!v.isEmpty()) {
                q.append('=').append(v);
            }
        });
        canonical.append(q).append('\n');
        TreeMap<String, String> signed = new TreeMap<>();
        out.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-oss-") || lower.equals("content-type") || lower.equals("content-md5")) {
                signed.put(lower, value.trim());
            }
        });
        signed.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
        canonical.append('\n');
        canonical.append('\n'); // no additional headers
        canonical.append("UNSIGNED-PAYLOAD");

        String scope = date + "/" + region + "/oss/aliyun_v4_request";
        String stringToSign = "OSS4-HMAC-SHA256\n" + datetime + "\n" + scope + "\n"
                + HexFormat.of().formatHex(sha256(canonical.toString()));
        byte[] k = hmac(("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, "oss");
        k = hmac(k, "aliyun_v4_request");
        String signature = HexFormat.of().formatHex(hmac(k, stringToSign));
        out.put("Authorization", "OSS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope + ",Signature=" + signature);
        return out;
    }

    /** RFC 3986 encoding: java's form encoder, then the three characters it treats differently. */
    static String uriEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
