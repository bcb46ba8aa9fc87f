package io.ossync.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the daemon last recorded about its credentials: the source, the expiry of temporary ones,
 * and why the latest refresh failed. Never a key, secret or token.
 *
 * @param expiry       empty for permanent keys, or while none were obtained
 * @param problem      why the latest fetch failed; empty when it worked
 * @param problemSince when fetches began failing
 * @param updatedAt    when the daemon wrote this
 */
public record CredentialsRecord(String source, Optional<Instant> expiry, Optional<String> problem,
                                Optional<Instant> problemSince, Instant updatedAt) {

    public CredentialsRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(problemSince, "problemSince");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
