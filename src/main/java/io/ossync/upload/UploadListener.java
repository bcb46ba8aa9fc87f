package io.ossync.upload;

/**
 * Progress of one upload. Bytes are reported only once a part is confirmed (acknowledged, CRC
 * checked and recorded), so the sum never exceeds the file size; after {@link #restarted} the count
 * begins again from zero. Called from the upload's worker threads: implementations must be
 * thread-safe and quick.
 */
public interface UploadListener {

    UploadListener NONE = new UploadListener() {
    };

    /**
     * The upload (re)starts sending: {@code confirmedBytes} of {@code totalBytes} are already on the
     * server from an earlier run ({@code resumedParts} parts).
     */
    default void started(long totalBytes, int totalParts, int resumedParts, long confirmedBytes) {
    }

    /** A part's request is about to be sent (with its retries). */
    default void partSending(int partNumber) {
    }

    /** A part's request ended, confirmed or not. */
    default void partSendEnded(int partNumber) {
    }

    /** A part was confirmed: its bytes were sent and acknowledged. */
    default void partConfirmed(int partNumber, long bytes) {
    }

    /** A part was copied on the server from an existing object: no byte of it was sent. */
    default void partCopied(int partNumber, long bytes) {
    }

    /** Everything sent so far is discarded; {@link #started} follows. */
    default void restarted(RestartReason reason, String detail) {
    }
}
