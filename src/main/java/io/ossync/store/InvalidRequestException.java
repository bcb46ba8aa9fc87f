package io.ossync.store;

/** The server refused the request as invalid; retrying it unchanged cannot succeed. */
public final class InvalidRequestException extends StoreException {
    public InvalidRequestException(StoreFailure failure, Throwable cause) {
        super(failure, cause);
    }
}
