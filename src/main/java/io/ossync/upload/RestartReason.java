package io.ossync.upload;

/** Why an upload was thrown away and begun again with all parts; also a metric label. */
public enum RestartReason {
    FILE_CHANGED("file changed"),
    CHECKPOINT_CORRUPT("checkpoint corrupt"),
    UPLOAD_GONE("upload gone"),
    /** The same version now has another key: the naming changed (e.g. the watch's prefix was edited). */
    KEY_CHANGED("object key changed"),
    /** The object a server-side copy reused is gone or was replaced: the bytes are sent instead. */
    COPY_SOURCE_CHANGED("copy source changed");

    private final String label;

    RestartReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
