package io.ossync.upload;

import io.ossync.files.FileIdentity;
import io.ossync.store.StoreException;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs a store call on behalf of an upload of {@code file} and turns what can go wrong into the
 * upload's own terms: a store error, the file gone, unreadable or no longer a regular file, or a
 * restart (the upload gone, or the file changed under a call that read it).
 */
final class StoreCalls {

    private StoreCalls() {
    }

    static <T> T call(Path file, Supplier<T> call) throws UploadFailedException {
        try {
            return call.get();
        } catch (StoreException.LocalFile e) {
            FileGuard.read(file);   // throws FILE_NOT_FOUND or NOT_A_REGULAR_FILE when that is what happened
            throw unreadable(file, e);
        } catch (StoreException e) {
            throw storeFailed(e);
        }
    }

    /**
     * Like {@link #call}, for a call that sends the bytes of {@code version}: a local failure that
     * a change of the file explains is that change. A file that ended before the bytes sent is one
     * (truncated during its upload) even if its identity looks the same.
     */
    static <T> T callReading(Path file, FileIdentity version, Supplier<T> call)
            throws UploadFailedException, RestartNeeded {
        try {
            return call.get();
        } catch (StoreException.LocalFile e) {
            FileGuard.read(file);   // throws FILE_NOT_FOUND or NOT_A_REGULAR_FILE when that is what happened
            if (e.fileShrank()) {
                throw new RestartNeeded(RestartReason.FILE_CHANGED, e.reason());
            }
            FileGuard.requireUnchanged(file, version);
            throw unreadable(file, e);
        } catch (StoreException e) {
            throw storeFailed(e);
        }
    }

    /** Like {@link #call}, with a vanished upload turned into a restart. */
    static <T> T callInUpload(Path file, String uploadId, Supplier<T> call) throws UploadFailedException, RestartNeeded {
        try {
            return call(file, call);
        } catch (UploadFailedException e) {
            throw restartIfGone(e, uploadId);
        }
    }

    /** Like {@link #callReading}, with a vanished upload turned into a restart. */
    static <T> T callReadingInUpload(Path file, FileIdentity version, String uploadId, Supplier<T> call)
            throws UploadFailedException, RestartNeeded {
        try {
            return callReading(file, version, call);
        } catch (UploadFailedException e) {
            throw restartIfGone(e, uploadId);
        }
    }

    /**
     * Like {@link #callInUpload} (no upload: {@code uploadId} null), for a server-side copy: a
     * source gone or replaced means its bytes cannot be reused, a restart that sends them.
     */
    static <T> T callCopying(Path file, String uploadId, Supplier<T> call) throws UploadFailedException, RestartNeeded {
        try {
            return uploadId == null ? call(file, call) : callInUpload(file, uploadId, call);
        } catch (UploadFailedException e) {
            if (e.storeError().orElse(null) instanceof StoreException.CopySourceChanged) {
                throw new RestartNeeded(RestartReason.COPY_SOURCE_CHANGED, e.getMessage());
            }
            throw e;
        }
    }

    private static UploadFailedException storeFailed(StoreException e) {
        return new UploadFailedException(UploadFailedException.Reason.STORE, e.getMessage(), e);
    }

    private static UploadFailedException unreadable(Path file, StoreException.LocalFile e) {
        return new UploadFailedException(UploadFailedException.Reason.FILE_UNREADABLE,
                file + ": cannot read: " + e.reason(), null);
    }

    private static UploadFailedException restartIfGone(UploadFailedException e, String uploadId) throws RestartNeeded {
        if (e.storeError().orElse(null) instanceof StoreException.UploadGone) {
            throw new RestartNeeded(RestartReason.UPLOAD_GONE, "upload " + uploadId + " no longer exists on the server");
        }
        return e;
    }
}
