package io.ossync.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON the credential endpoints answer. Written by hand (a flat map or one level of nesting is
 * all they need) so the emulator shares no JSON code with any client.
 */
final class StsJson {
    /** credentials-java parses {@code Expiration} with exactly this pattern, in UTC. */
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private StsJson() {
    }

    static String expiration(Instant instant) {
        return EXPIRATION.format(instant);
    }

    /** The credentials-URI and ECS answer: {@code Code: "Success"} and the triple with its expiry. */
    static String credentials(IssuedKeys.IssuedKey key, Instant now) {
        return object(Map.of(
                "Code", "Success",
                "AccessKeyId", key.accessKeyId(),
                "AccessKeySecret", key.accessKeySecret(),
                "SecurityToken", key.securityToken(),
                "Expiration", expiration(key.expiration()),
                "LastUpdated", expiration(now)));
    }

    /** A flat object of string members, in a stable order (sorted by name). */
    static String object(Map<String, String> members) {
        StringBuilder out = new StringBuilder("{");
        members.keySet().stream().sorted().forEach(name -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(name)).append(':').append(quote(members.get(name)));
        });
        return out.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
