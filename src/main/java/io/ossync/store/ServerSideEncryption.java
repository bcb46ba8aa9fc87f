package io.ossync.store;

/** Server-side encryption of stored objects, as {@code x-oss-server-side-encryption} names it. */
public enum ServerSideEncryption {
    NONE(null),
    AES256("AES256"),
    KMS("KMS");

    private final String ossName;

    ServerSideEncryption(String ossName) {
        this.ossName = ossName;
    }

    /** The header value, or null for {@link #NONE}. */
    public String ossName() {
        return ossName;
    }

    public static ServerSideEncryption fromName(String name) {
        for (ServerSideEncryption e : values()) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown server-side encryption '" + name
                + "' (expected none, AES256 or KMS)");
    }
}
