package io.ossync.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How the emulator issues temporary (STS) credentials. Each issued triple ({@code STS.} access key
 * id, secret, security token) lives {@code lifetime} from the moment it is issued, rounded down to
 * whole seconds because the wire format ({@code Expiration}, ISO-8601 UTC) carries no fractions: the
 * client and the emulator agree to the second on when a key dies.
 *
 * @param lifetime         how long an issued key is accepted; also the cap of an OIDC
 *                         {@code DurationSeconds} (credentials-java asks for at least 900 s)
 * @param roleName         the RAM role the ECS metadata service lists and serves credentials for
 * @param requireImdsToken whether the ECS metadata paths refuse a GET without a valid
 *                         {@code X-aliyun-ecs-metadata-token} (ECS "security hardening mode")
 * @param tls              whether the emulator also listens for HTTPS on a second port, with a
 *                         self-signed certificate ({@link Sts#tlsEndpoint()}, {@link Sts#trustStore()}):
 *                         credentials-java calls the STS API over https only
 */
public record StsConfig(Duration lifetime, String roleName, boolean requireImdsToken, boolean tls) {
    public static final String DEFAULT_ROLE = "ossync-emulator-role";

    public StsConfig(Duration lifetime, String roleName, boolean requireImdsToken) {
        this(lifetime, roleName, requireImdsToken, false);
    }

    public StsConfig {
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(roleName, "roleName");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("STS lifetime must be at least 1 s: " + lifetime);
        }
        if (!roleName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("role name must be 1..64 of A-Z a-z 0-9 . _ -: " + roleName);
        }
    }

    /** Keys that live {@code lifetime}, the default role, metadata tokens optional (as normal-mode ECS). */
    public static StsConfig of(Duration lifetime) {
        return new StsConfig(lifetime, DEFAULT_ROLE, false);
    }

    public StsConfig withRoleName(String name) {
        return new StsConfig(lifetime, name, requireImdsToken, tls);
    }

    public StsConfig requiringImdsToken() {
        return new StsConfig(lifetime, roleName, true, tls);
    }

    public StsConfig withTls() {
        return new StsConfig(lifetime, roleName, requireImdsToken, true);
    }
}
