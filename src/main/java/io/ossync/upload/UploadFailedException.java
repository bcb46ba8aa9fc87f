package io.ossync.upload;

import io.ossync.store.StoreException;

import java.util.Optional;

/**
 * An upload that did not end in a verified object. The reason tells the caller what to do: retry
 * later, set the file aside, or drop the job. The message is one line fit for a user.
 */
public final class UploadFailedException extends Exception {

    public enum Reason {
        /** The file does not exist (any more). */
        FILE_NOT_FOUND,
        /** The file cannot be read: permissions, an I/O error. Its checkpoint stays: the upload resumes once it can. */
        FILE_UNREADABLE,
        /**
         * The path is no longer a regular file (a FIFO, a directory...): the upload cannot go on, so
         * it was aborted and its checkpoint deleted.
         */
        NOT_A_REGULAR_FILE,
        /** The file changed again and again while it was being uploaded. */
        FILE_KEEPS_CHANGING,
        /**
         * The path names another file (new inode) since the upload began: the caller decides
         * anew what to do with it (a renamed file's copy may need the object first).
         */
        FILE_REPLACED,
        /** The file is larger than an OSS object can be. */
        FILE_TOO_LARGE,
        /** The version's object key breaks an OSS rule (empty, too long). */
        INVALID_KEY,
        /** The store refused or failed; {@link #storeError()} says how. */
        STORE,
        /** The object on the server does not match the file. */
        VERIFICATION_FAILED,
        /** The upload was interrupted (shutdown); it resumes next time. */
        INTERRUPTED
    }

    private final Reason reason;

    public UploadFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The store error behind a {@link Reason#STORE} failure. */
    public Optional<StoreException> storeError() {
        return getCause() instanceof StoreException se ? Optional.of(se) : Optional.empty();
    }
}
