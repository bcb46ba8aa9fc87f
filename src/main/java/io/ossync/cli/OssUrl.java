package io.ossync.cli;

import java.nio.charset.StandardCharsets;

/** A target named on the command line as {@code oss://BUCKET/KEY}. */
record OssUrl(String bucket, String key) {

    private static final String SCHEME = "oss://";

    /**
     * Parses {@code oss://bucket/key}. The bucket follows OSS naming (3-63 lowercase letters,
     * digits and hyphens, not starting or ending with a hyphen); the key is 1 to 1023 bytes of
     * UTF-8 and does not start with {@code /}.
     */
    static OssUrl parse(String text) {
        if (text == null || !text.startsWith(SCHEME)) {
            throw new IllegalArgumentException("'" + text + "' is not an oss:// URL (expected oss://BUCKET/KEY)");
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' names no object key (expected oss://BUCKET/KEY)");
        }
        String bucket = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        if (!bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid bucket name (3-63 lowercase letters, "
                    + "digits and hyphens, starting and ending with a letter or digit)");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key '" + key + "' must not start with '/'");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 1023) {
            throw new IllegalArgumentException("object key is " + bytes + " bytes long; OSS allows at most 1023");
        }
        return new OssUrl(bucket, key);
    }

    /**
     * Parses {@code oss://bucket}, {@code oss://bucket/} or {@code oss://bucket/prefix}: a listing's
     * scope, whose key (the prefix) may be empty.
     */
    static OssUrl parsePrefix(String text) {
        if (text != null && text.startsWith(SCHEME)) {
            String rest = text.substring(SCHEME.length());
            int slash = rest.indexOf('/');
            if (slash < 0 || slash == rest.length() - 1) {
                // Validate the bucket as parse does, with a key that is then dropped.
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                return new OssUrl(parse(SCHEME + bucket + "/x").bucket(), "");
            }
        }
        return parse(text);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
