package io.ossync.config;

import java.util.Locale;

/** What happens to a local file once its object is uploaded and verified. */
public enum AfterUpload {
    /** The file stays where it is. */
    KEEP,
    /** The file is deleted, only after the object's CRC-64 matched the file's. */
    DELETE;

    /** The name as written in configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code keep} or {@code delete}, case-insensitive. */
    public static AfterUpload fromConfigName(String name) {
        for (AfterUpload a : values()) {
            if (a.configName().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown value \"" + name + "\" (expected keep or delete)");
    }
}
