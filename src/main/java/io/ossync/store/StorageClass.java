package io.ossync.store;

/** OSS storage classes, with the names OSS uses in {@code x-oss-storage-class}. */
public enum StorageClass {
    STANDARD("Standard"),
    IA("IA"),
    ARCHIVE("Archive"),
    COLD_ARCHIVE("ColdArchive");

    private final String ossName;

    StorageClass(String ossName) {
        this.ossName = ossName;
    }

    public String ossName() {
        return ossName;
    }

    /** Parses the OSS name (case-insensitive), as written in configuration. */
    public static StorageClass fromOssName(String name) {
        for (StorageClass c : values()) {
            if (c.ossName.equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown storage class '" + name
                + "' (expected Standard, IA, Archive or ColdArchive)");
    }
}
