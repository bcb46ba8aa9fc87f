package io.ossync.store;

import java.util.Map;
import java.util.Optional;

/**
 * Access key credentials, read from the environment as the official SDKs do. {@link #toString()}
 * never shows the secret or the token, so a credentials object that ends up in a log line or an
 * exception message leaks nothing.
 */
public record OssCredentials(String accessKeyId, String accessKeySecret, Optional<String> sessionToken)
        implements SecretRedactor {

    public static final String ACCESS_KEY_ID = "OSS_ACCESS_KEY_ID";
    public static final String ACCESS_KEY_SECRET = "OSS_ACCESS_KEY_SECRET";
    public static final String SESSION_TOKEN = "OSS_SESSION_TOKEN";

    public OssCredentials {
        if (accessKeyId == null || accessKeyId.isBlank() || accessKeySecret == null || accessKeySecret.isBlank()) {
            throw new IllegalArgumentException("an access key id and secret are required");
        }
        sessionToken = sessionToken.filter(t -> !t.isBlank());
    }

    /**
     * Reads {@code OSS_ACCESS_KEY_ID}, {@code OSS_ACCESS_KEY_SECRET} and the optional
     * {@code OSS_SESSION_TOKEN}.
     *
     * @throws IllegalArgumentException naming the missing variables (never their values)
     */
    public static OssCredentials fromEnvironment(Map<String, String> env) {
        String id = env.get(ACCESS_KEY_ID);
        String secret = env.get(ACCESS_KEY_SECRET);
        boolean noId = id == null || id.isBlank();
        boolean noSecret = secret == null || secret.isBlank();
        if (noId || noSecret) {
            String missing = noId && noSecret ? ACCESS_KEY_ID + " and " + ACCESS_KEY_SECRET
                    : noId ? ACCESS_KEY_ID : ACCESS_KEY_SECRET;
            throw new IllegalArgumentException("credentials missing: set " + missing + " in the environment");
        }
        return new OssCredentials(id, secret, Optional.ofNullable(env.get(SESSION_TOKEN)));
    }

    /** Replaces every occurrence of the secret or the token in {@code text} by {@code ***}. */
    @Override
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text.replace(accessKeySecret, "***");
        return sessionToken.map(t -> out.replace(t, "***")).orElse(out);
    }

    @Override
    public String toString() {
        return "OssCredentials[accessKeyId=" + accessKeyId + ", secret=***"
                + (sessionToken.isPresent() ? ", sessionToken=***" : "") + "]";
    }
}
