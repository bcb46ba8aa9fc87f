package io.ossync.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Which secret signs a request, and whether its security token is right, as OSS decides it: a
 * request without {@code x-oss-security-token} is checked as a permanent key (an issued {@code STS.}
 * id alone is unknown there); a request with one is an STS request, whose key must be an issued one,
 * not expired, with exactly that token. The static key keeps its own rule (the optional fixed token).
 */
final class KeyRing {
    private final String accessKeyId;
    private final String accessKeySecret;
    private final String staticToken;
    private final IssuedKeys issued;

    /** @param issued the keys STS issued, or null when the emulator issues none */
    KeyRing(String accessKeyId, String accessKeySecret, String staticToken, IssuedKeys issued) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.staticToken = staticToken;
        this.issued = issued;
    }

    /** The secret of {@code id}, once the token rules let the request through; the OSS error otherwise. */
    String secretFor(String id, String providedToken) throws OssException {
        if (id.equals(accessKeyId)) {
            checkStaticToken(providedToken);
            return accessKeySecret;
        }
        Optional<IssuedKeys.IssuedKey> key = issued == null ? Optional.empty() : issued.find(id);
        if (providedToken == null) {
            // Without a token OSS looks the id up among permanent keys, where no STS id lives.
            throw OssErrors.invalidAccessKeyId(id);
        }
        if (key.isEmpty()) {
            throw OssErrors.stsAccessKeyIdUnknown(id);
        }
        // OSS reads the expiry out of the token itself: only the right token can tell it expired.
        if (!equal(providedToken, key.get().securityToken())) {
            throw OssErrors.securityTokenMismatch();
        }
        if (key.get().expiredAt(issued.now())) {
            throw OssErrors.securityTokenExpired();
        }
        return key.get().accessKeySecret();
    }

    private void checkStaticToken(String provided) throws OssException {
        if (staticToken == null) {
            if (provided != null) {
                throw OssErrors.invalidSecurityToken();
            }
            return;
        }
        if (provided == null || !equal(provided, staticToken)) {
            throw OssErrors.invalidSecurityToken();
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
