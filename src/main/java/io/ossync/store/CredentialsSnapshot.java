package io.ossync.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials as one source answered them, with when they expire. {@link #toString()} names the
 * source, the key id and the expiry, never the secret or the token.
 *
 * @param source    where they came from, e.g. {@code environment (OSS_ACCESS_KEY_ID)}, {@code uri http://...}
 * @param expiry    when temporary credentials stop working; empty for permanent keys
 * @param fetchedAt when they were obtained (the start of their lifetime for the refresh schedule)
 */
public record CredentialsSnapshot(OssCredentials credentials, String source, Optional<Instant> expiry,
                                  Instant fetchedAt) {

    public CredentialsSnapshot {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    public boolean temporary() {
        return expiry.isPresent();
    }

    @Override
    public String toString() {
        return "CredentialsSnapshot[source=" + source + ", accessKeyId=" + credentials.accessKeyId()
                + expiry.map(e -> ", expiry=" + e).orElse("") + "]";
    }
}
