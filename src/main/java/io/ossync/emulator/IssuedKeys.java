package io.ossync.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The temporary keys this emulator issued, each with its expiry. Thread-safe. Keys are never
 * forgotten while the emulator runs (a test issues a handful), so an expired key is told apart from
 * one that never existed, as OSS does.
 */
final class IssuedKeys {
    /** One issued triple. The id starts with {@code STS.}, as Alibaba Cloud's do. */
    record IssuedKey(String accessKeyId, String accessKeySecret, String securityToken, Instant expiration) {
        boolean expiredAt(Instant now) {
            return !now.isBefore(expiration);
        }

        @Override
        public String toString() {
            return "IssuedKey[" + accessKeyId + ", expires " + expiration + "]";
        }
    }

    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, IssuedKey> byId = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    IssuedKeys(Clock clock) {
        this.clock = clock;
    }

    /** A new triple that lives {@code lifetime}, rounded down to whole seconds (the wire format's precision). */
    IssuedKey issue(Duration lifetime) {
        Instant expiration = clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        IssuedKey key = new IssuedKey("STS." + alphanumeric(24), URL_SAFE.encodeToString(bytes(30)),
                "CAIS" + URL_SAFE.encodeToString(bytes(96)), expiration);
        byId.put(key.accessKeyId(), key);
        issued.incrementAndGet();
        return key;
    }

    Optional<IssuedKey> find(String accessKeyId) {
        return Optional.ofNullable(byId.get(accessKeyId));
    }

    long issuedCount() {
        return issued.get();
    }

    Instant now() {
        return clock.instant();
    }

    String randomToken() {
        return URL_SAFE.encodeToString(bytes(32));
    }

    private String alphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
