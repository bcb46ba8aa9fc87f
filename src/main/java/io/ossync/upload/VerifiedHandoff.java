package io.ossync.upload;

/**
 * Takes the recording of a verified single-object upload off the engine: the daemon commits the
 * ledger rows and job ends of many small files in one transaction ({@code GroupCommitter}). The
 * object is verified when it is handed over; it is recorded when the taker commits, maybe after
 * the engine returned, and never before. An upload with a checkpoint (multipart) is never handed
 * over: its checkpoint goes in the transaction that records it.
 */
@FunctionalInterface
public interface VerifiedHandoff {

    /** Records {@code result} later, running the request's {@link VerifiedAction} in a transaction. */
    void verified(UploadResult result);
}
