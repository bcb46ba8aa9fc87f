package io.ossync.store;

/** The bucket or the object does not exist (NoSuchBucket, NoSuchKey). */
public final class NotFoundException extends StoreException {
    public NotFoundException(StoreFailure failure, Throwable cause) {
        super(failure, cause);
    }
}
