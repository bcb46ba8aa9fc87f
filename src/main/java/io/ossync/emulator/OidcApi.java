package io.ossync.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code AssumeRoleWithOIDC} as the STS API answers it with {@code Format=JSON}, the call
 * credentials-java 1.0.3 makes for ACK RRSA: {@code POST /?Action=AssumeRoleWithOIDC&Format=JSON&
 * Version=2015-04-01} with a form body {@code RoleArn, OIDCProviderArn, OIDCToken, RoleSessionName,
 * DurationSeconds[, Policy]} (parameters are also taken from the query string, as the API allows).
 * The call is not signed: the OIDC token is the proof. The emulator checks that the three required
 * values are present and well formed, not the token's signature. The keys it issues live the
 * smaller of {@code DurationSeconds} and the configured lifetime (the library asks for at least
 * 900 s; tests want seconds).
 */
final class OidcApi {
    /** An STS API error: HTTP status, {@code Code}, {@code Message}. */
    record Refusal(int status, String code, String message) {
    }

    private OidcApi() {
    }

    /** The refusal for these parameters, or null when they are acceptable. */
    static Refusal check(Map<String, String> params) {
        if (!"2015-04-01".equals(params.get("Version"))) {
            return new Refusal(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        if (isBlank(params.get("RoleArn"))) {
            return new Refusal(400, "MissingRoleArn", "RoleArn is mandatory for this action.");
        }
        if (!params.get("RoleArn").startsWith("acs:ram::")) {
            return new Refusal(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.");
        }
        if (isBlank(params.get("OIDCProviderArn"))) {
            return new Refusal(400, "MissingOIDCProviderArn", "OIDCProviderArn is mandatory for this action.");
        }
        if (!params.get("OIDCProviderArn").startsWith("acs:ram::")) {
            return new Refusal(400, "InvalidParameter.OIDCProviderArn",
                    "The parameter OIDCProviderArn is wrongly formed.");
        }
        if (isBlank(params.get("OIDCToken"))) {
            return new Refusal(400, "MissingOIDCToken", "OIDCToken is mandatory for this action.");
        }
        String duration = params.get("DurationSeconds");
        if (duration != null && !duration.matches("\\d{1,6}")) {
            return new Refusal(400, "InvalidParameter.DurationSeconds",
                    "The parameter DurationSeconds is wrongly formed.");
        }
        return null;
    }

    /** How long the issued key lives: the request's DurationSeconds (3600 if absent), capped by {@code lifetime}. */
    static Duration lifetime(Map<String, String> params, Duration lifetime) {
        String asked = params.get("DurationSeconds");
        Duration requested = Duration.ofSeconds(asked == null ? 3600 : Long.parseLong(asked));
        return requested.compareTo(lifetime) < 0 ? requested : lifetime;
    }

    /** The success body: {@code RequestId}, {@code AssumedRoleUser}, {@code Credentials}. */
    static String answer(Map<String, String> params, IssuedKeys.IssuedKey key, String requestId) {
        String session = params.getOrDefault("RoleSessionName", "session");
        String roleArn = params.get("RoleArn");
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("AccessKeyId", key.accessKeyId());
        credentials.put("AccessKeySecret", key.accessKeySecret());
        credentials.put("SecurityToken", key.securityToken());
        credentials.put("Expiration", StsJson.expiration(key.expiration()));
        return "{" + StsJson.quote("RequestId") + ":" + StsJson.quote(requestId) + ","
                + StsJson.quote("AssumedRoleUser") + ":" + StsJson.object(Map.of(
                        "Arn", roleArn + "/" + session,
                        "AssumedRoleId", "300000000000000000:" + session)) + ","
                + StsJson.quote("Credentials") + ":" + StsJson.object(credentials) + "}";
    }

    /** The error body of the STS API. */
    static String error(Refusal refusal, String requestId) {
        return StsJson.object(Map.of("RequestId", requestId, "HostId", "sts.aliyuncs.com",
                "Code", refusal.code(), "Message", refusal.message()));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
