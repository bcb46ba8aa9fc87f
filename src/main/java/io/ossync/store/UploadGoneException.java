package io.ossync.store;

/** The multipart upload no longer exists on the server (NoSuchUpload). */
public final class UploadGoneException extends StoreException {
    public UploadGoneException(StoreFailure failure, Throwable cause) {
        super(failure, cause);
    }
}
