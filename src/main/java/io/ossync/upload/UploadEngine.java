package io.ossync.upload;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.store.ObjectStore;

/**
 * Uploads one file and returns only when the object is verified, or fails with a typed reason.
 * Shared by {@code ossync upload} and the daemon's workers; thread-safe (each call runs its own
 * upload; concurrent calls for the same file and bucket are the caller's to prevent).
 *
 * <p>Guarantees, after DESIGN.md's invariants of the resumable upload:
 * <ol>
 *   <li>An upload's checkpoint row exists before the first part is sent; a part counts only once
 *       the server acknowledged it, its CRC-64 matched and its row is committed.</li>
 *   <li>The file's identity (size, mtime in ns, inode) is compared when resuming, before and after
 *       each part and before Complete; any difference, a corrupt checkpoint or a vanished upload
 *       aborts the old upload, deletes its rows and sends every part again (at most
 *       {@value ResumableUpload#MAX_RESTARTS} times in one call, then "file keeps changing").</li>
 *   <li>The object's key and options are those the request's {@link TargetNaming} gives the
 *       version verified (DESIGN.md, invariant 9): a restart names the object anew, and a
 *       checkpoint of the file under another key (an earlier version's) is aborted and
 *       deleted.</li>
 *   <li>A result is returned only when the object's CRC-64 equals the file's; the checkpoint rows
 *       are deleted only then.</li>
 *   <li>A file that vanishes mid-upload leaves no multipart upload open.</li>
 * </ol>
 */
public final class UploadEngine {

    private final ObjectStore store;
    private final CheckpointStore checkpoints;
    private final RequestRetry retry;

    public UploadEngine(ObjectStore store, CheckpointStore checkpoints, RequestRetry retry) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.retry = retry;
    }

    /**
     * Uploads {@code request.file()}, resuming an earlier upload of the same version of the file.
     *
     * @throws UploadFailedException when the object could not be verified; the checkpoint stays for
     *                               a later resume unless the reason makes it useless
     */
    public UploadResult upload(UploadRequest request, UploadListener listener) throws UploadFailedException {
        return new ResumableUpload(store, checkpoints, retry, request, listener).run();
    }
}
