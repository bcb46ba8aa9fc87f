package io.ossync.verify;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing that keeps the mirror from being complete.
 *
 * @param kind   what is wrong
 * @param key    the object key concerned (the ledger's for missing/differ/changed, the expected one
 *               otherwise); null when there is none (an unreadable folder, a name without a valid key)
 * @param path   the local file or folder (absolute)
 * @param detail a short explanation for people, e.g. {@code size 10 in the ledger, 12 in the bucket}
 */
public record Finding(Kind kind, String key, Path path, String detail) {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(detail, "detail");
    }

    /** The kinds of findings, by the names the text, the JSON and the summary line use. */
    public enum Kind {
        /** The ledger says the file was uploaded; the bucket has no such object. */
        MISSING("missing"),
        /** The object's size or CRC-64 is not the one the ledger recorded (replaced behind ossync's back). */
        DIFFER("differ"),
        /** Not uploaded in this version (new, changed since, or its job waits): the daemon will do it. */
        PENDING("pending"),
        /** Its job was given up on until the file changes (see {@code ossync status}). */
        SET_ASIDE("set_aside"),
        /** {@code --deep}: the file's bytes no longer have the CRC-64 uploaded, yet its size, mtime and inode are those recorded. */
        CHANGED("changed"),
        /** A folder that could not be walked, or (with {@code --deep}) a file that could not be read. */
        UNREADABLE("unreadable");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
