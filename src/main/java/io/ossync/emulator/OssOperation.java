package io.ossync.emulator;

/** The OSS operations the emulator serves, as counted by {@link Counters} and targeted by {@link Faults}. */
public enum OssOperation {
    PUT_OBJECT,
    COPY_OBJECT,
    GET_OBJECT,
    HEAD_OBJECT,
    DELETE_OBJECT,
    LIST_OBJECTS,
    INITIATE_MULTIPART_UPLOAD,
    UPLOAD_PART,
    UPLOAD_PART_COPY,
    LIST_PARTS,
    COMPLETE_MULTIPART_UPLOAD,
    ABORT_MULTIPART_UPLOAD,
    LIST_MULTIPART_UPLOADS;

    /** True for the operations that change nothing: all a read-only emulator serves. */
    boolean readsOnly() {
        return switch (this) {
            case GET_OBJECT, HEAD_OBJECT, LIST_OBJECTS, LIST_PARTS, LIST_MULTIPART_UPLOADS -> true;
            default -> false;
        };
    }
}
