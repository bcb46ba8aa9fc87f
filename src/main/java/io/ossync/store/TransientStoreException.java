package io.ossync.store;

/** Retrying the same request may succeed: I/O, timeout, 5xx, throttling, CRC mismatch in transit. */
public final class TransientStoreException extends StoreException {
    public TransientStoreException(StoreFailure failure, Throwable cause) {
        super(failure, cause);
    }
}
