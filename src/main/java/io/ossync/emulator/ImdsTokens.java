package io.ossync.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ECS metadata session tokens (IMDSv2, "security hardening mode"): issued by {@code PUT
 * /latest/api/token} for {@code X-aliyun-ecs-metadata-token-ttl-seconds} (1..21600, per the ECS
 * documentation "Instance metadata"), valid until then. Thread-safe.
 */
final class ImdsTokens {
    static final String TTL_HEADER = "X-aliyun-ecs-metadata-token-ttl-seconds";
    static final String TOKEN_HEADER = "X-aliyun-ecs-metadata-token";
    static final int MAX_TTL_SECONDS = 21600;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    /** Its clock and its random source are the ones the issued keys use. */
    private final IssuedKeys keys;

    ImdsTokens(IssuedKeys keys) {
        this.keys = keys;
    }

    /** A token for {@code ttlHeader} seconds, or null when the header is missing or out of range. */
    String issue(String ttlHeader) {
        int seconds;
        try {
            seconds = Integer.parseInt(ttlHeader == null ? "" : ttlHeader.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (seconds < 1 || seconds > MAX_TTL_SECONDS) {
            return null;
        }
        String token = keys.randomToken();
        expiries.put(token, keys.now().plus(Duration.ofSeconds(seconds)));
        return token;
    }

    boolean isValid(String token) {
        Instant expiry = token == null ? null : expiries.get(token.trim());
        return expiry != null && keys.now().isBefore(expiry);
    }
}
