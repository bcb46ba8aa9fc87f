package io.ossync.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an OSS V4 header signature ({@code Authorization: OSS4-HMAC-SHA256 Credential=AK/date/
 * region/oss/aliyun_v4_request[,AdditionalHeaders=a;b],Signature=hex}), following the OSS
 * documentation "Include a V4 signature in the Authorization header":
 * <pre>
 * CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n AdditionalHeaders \n HashedPayload
 *   CanonicalURI     = URI-encode("/" + bucket + "/" + key), '/' kept; "/bucket/" for a bucket, "/" for the service
 *   CanonicalQuery   = URI-encoded name[=value] pairs sorted by name, '&'-joined; "=" only for non-empty values
 *   CanonicalHeaders = lower-case name ":" trimmed value "\n" for content-type, content-md5, every x-oss-* header
 *                      and the additional headers, sorted by name
 *   HashedPayload    = the x-oss-content-sha256 header (UNSIGNED-PAYLOAD)
 * StringToSign = "OSS4-HMAC-SHA256" \n x-oss-date \n date/region/oss/aliyun_v4_request \n hex(SHA256(CanonicalRequest))
 * SigningKey   = HMAC chain from "aliyun_v4" + secret over date, region, "oss", "aliyun_v4_request"
 * </pre>
 * Guarantees: any change to a signed part (method, resource, query, signed headers) after signing is
 * refused; the secret and the session token never appear in an error.
 */
final class V4Verifier {
    static final String ALGORITHM = "OSS4-HMAC-SHA256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String TERMINATOR = "aliyun_v4_request";
    private static final String PRODUCT = "oss";
    private static final DateTimeFormatter ISO_BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final Pattern SIGN_DATE = Pattern.compile("\\d{8}");
    private static final Pattern HEX_SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[\\x21-\\x7e]+");

    private final KeyRing keys;
    private final String region;
    private final Clock clock;
    private final Duration maxSkew;

    V4Verifier(KeyRing keys, String region, Clock clock, Duration maxSkew) {
        this.keys = keys;
        this.region = region;
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    /** Returns normally if the request is signed with our key; throws the OSS error otherwise. */
    void verify(SignedRequest request) throws OssException {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw OssErrors.accessDenied("You have no right to access this object because of bucket acl.");
        }
        Authorization auth = Authorization.parse(authorization.trim());
        String accessKeySecret = keys.secretFor(auth.accessKeyId(), request.header("x-oss-security-token"));
        if (!auth.product().equals(PRODUCT)) {
            throw OssErrors.signingProductInvalid();
        }
        if (!auth.region().equals(region)) {
            throw OssErrors.signingRegionInvalid();
        }
        String datetime = request.header("x-oss-date");
        checkDate(datetime, auth.date());
        String payload = request.header("x-oss-content-sha256");
        if (payload == null) {
            throw OssErrors.authorizationInvalid("The x-oss-content-sha256 header is required for V4 signatures.");
        }
        if (!payload.trim().equals(UNSIGNED_PAYLOAD)) {
            throw OssErrors.invalidArgument("x-oss-content-sha256 must be UNSIGNED-PAYLOAD.",
                    "x-oss-content-sha256", payload, "0002-00000224");
        }

        String canonical = canonicalRequest(request, auth.additionalHeaders());
        String scope = auth.date() + "/" + auth.region() + "/" + auth.product() + "/" + TERMINATOR;
        String stringToSign = ALGORITHM + "\n" + datetime + "\n" + scope + "\n" + hex(sha256(canonical));
        byte[] expected = HexFormat.of().formatHex(hmac(signingKey(accessKeySecret, auth.date(), auth.region(), auth.product()),
                stringToSign)).getBytes(StandardCharsets.US_ASCII);
        byte[] provided = auth.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, provided)) {
            throw OssErrors.signatureDoesNotMatch(auth.accessKeyId(), auth.signature(), stringToSign, canonical);
        }
    }

    private void checkDate(String datetime, String signDate) throws OssException {
        if (datetime == null) {
            throw OssErrors.signingDateInvalid("The x-oss-date header is required for V4 signatures.");
        }
        Instant requestTime;
        try {
            requestTime = LocalDateTime.parse(datetime, ISO_BASIC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw OssErrors.signingDateInvalid("The x-oss-date header is not in the yyyyMMdd'T'HHmmss'Z' format.");
        }
        if (!datetime.startsWith(signDate)) {
            throw OssErrors.signingDateInvalid("Invalid signing date in Authorization header.");
        }
        Instant now = clock.instant();
        if (Duration.between(requestTime, now).abs().compareTo(maxSkew) > 0) {
            throw OssErrors.requestTimeTooSkewed(datetime, ISO_BASIC.format(now.atOffset(ZoneOffset.UTC)));
        }
    }

    /** The canonical request of the OSS V4 algorithm (see the class comment). */
    static String canonicalRequest(SignedRequest request, List<String> additionalHeaders) {
        StringBuilder out = new StringBuilder(512);
        out.append(request.method()).append('\n');
        String resource = "/" + (request.bucket() == null ? "" : request.bucket() + "/")
                + (request.key() == null ? "" : request.key());
        out.append(UrlCodec.encode(resource, true)).append('\n');

        TreeMap<String, List<String>> query = new TreeMap<>();
        for (Map.Entry<String, String> e : request.query().entries()) {
            query.computeIfAbsent(UrlCodec.encode(e.getKey(), false), k -> new ArrayList<>())
                    .add(UrlCodec.encode(e.getValue(), false));
        }
        String separator = "";
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            List<String> values = new ArrayList<>(e.getValue());
            values.sort(null);
            for (String value : values) {
                out.append(separator).append(e.getKey());
                if (!value.isEmpty()) {
                    out.append('=').append(value);
                }
                separator = "&";
            }
        }
        out.append('\n');

        TreeSet<String> additional = new TreeSet<>();
        additionalHeaders.forEach(h -> additional.add(h.toLowerCase(Locale.ROOT)));
        TreeMap<String, String> signed = new TreeMap<>();
        request.headers().forEach((name, values) -> {
            if (isDefaultSigned(name) || additional.contains(name)) {
                List<String> trimmed = values.stream().map(String::trim).toList();
                signed.put(name, String.join(",", trimmed));
            }
        });
        signed.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        out.append('\n');
        out.append(String.join(";", additional)).append('\n');
        String payload = request.header("x-oss-content-sha256");
        out.append(payload == null ? UNSIGNED_PAYLOAD : payload.trim());
        return out.toString();
    }

    private static boolean isDefaultSigned(String lowerName) {
        return lowerName.startsWith("x-oss-") || lowerName.equals("content-type") || lowerName.equals("content-md5");
    }

    private static byte[] signingKey(String accessKeySecret, String date, String signRegion, String product) {
        byte[] key = hmac(("aliyun_v4" + accessKeySecret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, signRegion);
        key = hmac(key, product);
        return hmac(key, TERMINATOR);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(String data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The parsed value of a V4 Authorization header. */
    record Authorization(String accessKeyId, String date, String region, String product,
                         List<String> additionalHeaders, String signature) {

        static Authorization parse(String header) throws OssException {
            int space = header.indexOf(' ');
            String algorithm = space < 0 ? header : header.substring(0, space);
            if (!algorithm.equals(ALGORITHM)) {
                if (algorithm.equals("OSS")) {
                    throw OssErrors.authorizationInvalid("The emulator accepts V4 signatures (OSS4-HMAC-SHA256) only.");
                }
                throw OssErrors.authorizationInvalid("Unknown signature algorithm.");
            }
            String credential = null;
            String additional = null;
            String signature = null;
            for (String field : header.substring(space + 1).split(",")) {
                String f = field.trim();
                int eq = f.indexOf('=');
                if (eq <= 0) {
                    throw OssErrors.authorizationInvalid("Malformed field '" + f + "'.");
                }
                String name = f.substring(0, eq).trim();
                String value = f.substring(eq + 1).trim();
                switch (name) {
                    case "Credential" -> credential = value;
                    case "AdditionalHeaders" -> additional = value;
                    case "Signature" -> signature = value;
                    default -> throw OssErrors.authorizationInvalid("Unknown field '" + name + "'.");
                }
            }
            if (credential == null || signature == null) {
                throw OssErrors.authorizationInvalid("Credential and Signature are required.");
            }
            if (!HEX_SIGNATURE.matcher(signature).matches()) {
                throw OssErrors.authorizationInvalid("Signature must be 64 hex digits.");
            }
            String[] scope = credential.split("/", -1);
            if (scope.length != 5 || !scope[4].equals(TERMINATOR) || !SIGN_DATE.matcher(scope[1]).matches()
                    || scope[2].isEmpty() || scope[3].isEmpty()) {
                throw OssErrors.credentialInvalid();
            }
            if (!ACCESS_KEY_ID.matcher(scope[0]).matches()) {
                throw OssErrors.accessKeyIdInvalid();
            }
            List<String> headers = additional == null || additional.isEmpty()
                    ? List.of() : List.of(additional.split(";"));
            return new Authorization(scope[0], scope[1], scope[2], scope[3], headers, signature);
        }
    }
}
