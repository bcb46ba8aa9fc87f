package io.ossync.store;

import java.util.Optional;

/**
 * A failed store operation, translated once at the store's edge. The subclass says what the
 * caller can do about it:
 * <ul>
 *   <li>{@link TransientStoreException}: I/O, timeout, 5xx, throttling, a CRC mismatch in
 *       transit. Retrying the same request may succeed.</li>
 *   <li>{@link UploadGoneException}: the multipart upload no longer exists (NoSuchUpload).
 *       Start a new upload.</li>
 *   <li>{@link AccessException}: bad or unauthorised credentials. Retrying the request won't
 *       help until the credentials change.</li>
 *   <li>{@link NotFoundException}: the bucket or object does not exist.</li>
 *   <li>{@link InvalidRequestException}: the server refused the request as malformed; a bug or a
 *       bad argument, never retried.</li>
 * </ul>
 * The message names the operation, bucket, key and part number, and never a credential:
 * {@code oss: upload part 7 of oss://bucket/a.bin: InternalError (HTTP 500): ... [request 5F...]}.
 */
public abstract sealed class StoreException extends RuntimeException
        permits TransientStoreException, UploadGoneException, AccessException, NotFoundException,
        InvalidRequestException {

    private final StoreOperation operation;
    private final String bucket;
    private final String key;
    private final int partNumber;
    private final String errorCode;
    private final int httpStatus;

    protected StoreException(StoreFailure failure, Throwable cause) {
        super(failure.message(), cause);
        this.operation = failure.operation();
        this.bucket = failure.bucket();
        this.key = failure.key();
        this.partNumber = failure.partNumber();
        this.errorCode = failure.errorCode();
        this.httpStatus = failure.httpStatus();
    }

    public StoreOperation operation() {
        return operation;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    /** The part number, or 0 when the operation is not about one part. */
    public int partNumber() {
        return partNumber;
    }

    /** The OSS error code (e.g. {@code NoSuchUpload}), or a local one such as {@code IOError}. */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status, when the server answered. */
    public Optional<Integer> httpStatus() {
        return httpStatus > 0 ? Optional.of(httpStatus) : Optional.empty();
    }
}
