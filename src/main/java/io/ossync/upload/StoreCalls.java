package io.ossync.upload;

import io.ossync.store.StoreException;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs a store call on behalf of an upload of {@code file} and turns what can go wrong into the
 * upload's own terms: a store error, the file gone or unreadable, or the upload gone (a restart).
 */
final class StoreCalls {

    private StoreCalls() {
    }

    static <T> T call(Path file, Supplier<T> call) throws UploadFailedException {
        try {
            return call.get();
        } catch (StoreException.LocalFile e) {
            FileGuard.read(file);   // throws FILE_NOT_FOUND when that is what happened
            throw new UploadFailedException(UploadFailedException.Reason.FILE_UNREADABLE,
                    file + ": cannot read: " + e.reason(), null);
        } catch (StoreException e) {
            throw new UploadFailedException(UploadFailedException.Reason.STORE, e.getMessage(), e);
        }
    }

    /** Like {@link #call}, with a vanished upload turned into a restart. */
    static <T> T callInUpload(Path file, String uploadId, Supplier<T> call) throws UploadFailedException, RestartNeeded {
        try {
            return call(file, call);
        } catch (UploadFailedException e) {
            if (e.storeError().orElse(null) instanceof StoreException.UploadGone) {
                throw new RestartNeeded(RestartReason.UPLOAD_GONE, "upload " + uploadId + " no longer exists on the server");
            }
            throw e;
        }
    }
}
