package io.ossync.store;

/** The operations of {@link ObjectStore}, named as error messages and metrics spell them. */
public enum StoreOperation {
    PUT_OBJECT("put object"),
    INITIATE_MULTIPART_UPLOAD("initiate multipart upload"),
    UPLOAD_PART("upload part"),
    LIST_PARTS("list parts"),
    COMPLETE_MULTIPART_UPLOAD("complete multipart upload"),
    ABORT_MULTIPART_UPLOAD("abort multipart upload"),
    LIST_MULTIPART_UPLOADS("list multipart uploads"),
    HEAD_OBJECT("head object"),
    DELETE_OBJECT("delete object");

    private final String label;

    StoreOperation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
