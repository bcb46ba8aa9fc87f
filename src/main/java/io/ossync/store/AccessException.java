package io.ossync.store;

/** The credentials are wrong or not allowed (InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied). */
public final class AccessException extends StoreException {
    public AccessException(StoreFailure failure, Throwable cause) {
        super(failure, cause);
    }
}
