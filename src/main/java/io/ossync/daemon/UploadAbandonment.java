package io.ossync.daemon;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.checkpoint.Lookup;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.store.StoreException;
import io.ossync.util.StoredPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Ends the uploads in progress of files that will not be uploaded (gone, no longer a regular
 * file, or of a watch no longer configured): each is aborted on the server, best effort, and its
 * checkpoint rows, valid or corrupt, are deleted. An abort that fails is a WARN, never a failure
 * of the caller: the upload stays open until the orphan sweep aborts it, which it does while a
 * configured watch's prefix covers its key.
 */
final class UploadAbandonment {

    private static final Logger log = LoggerFactory.getLogger(UploadAbandonment.class);

    private final CheckpointStore checkpoints;
    private final ObjectStore store;

    UploadAbandonment(CheckpointStore checkpoints, ObjectStore store) {
        this.checkpoints = checkpoints;
        this.store = store;
    }

    /** Abandons the uploads of the files {@code which} accepts; {@code why} goes in the log line. */
    void abandon(Predicate<Path> which, String why) {
        for (Lookup lookup : checkpoints.all()) {
            if (lookup instanceof Lookup.Found found && which.test(found.checkpoint().file())) {
                abort(found.checkpoint().file(), Optional.ofNullable(found.checkpoint().uploadId())
                        .map(id -> found.checkpoint().uploadRef()), why);
                checkpoints.delete(found.checkpoint().id());
            } else if (lookup instanceof Lookup.Corrupt corrupt && corrupt.localPath() != null) {
                // A path this JVM cannot represent (no UTF-8 locale) cannot be matched: left alone.
                Optional<Path> file = StoredPaths.parse(corrupt.localPath()).filter(which);
                if (file.isPresent()) {
                    abort(file.get(), corrupt.uploadId().filter(id -> corrupt.bucket() != null && corrupt.key() != null)
                            .map(id -> new UploadRef(corrupt.bucket(), corrupt.key(), id)), why);
                    checkpoints.delete(corrupt.checkpointId());
                }
            }
        }
    }

    /** Abandons the uploads of {@code path} and, for a folder, of the files under it. */
    void abandonUnder(Path path, String why) {
        abandon(file -> file.startsWith(path), why);
    }

    private void abort(Path file, Optional<UploadRef> upload, String why) {
        if (upload.isEmpty()) {
            return;   // Initiate was never answered: nothing a row names to abort
        }
        UploadRef ref = upload.get();
        try {
            store.abortMultipartUpload(ref);
            log.info("upload aborted: {} path={} key={} upload_id={}", why, file, ref.key(), ref.uploadId());
        } catch (StoreException.UploadGone gone) {
            log.debug("upload already gone path={} key={}", file, ref.key());
        } catch (StoreException e) {
            log.warn("could not abort upload, it stays open on the server until the orphan sweep aborts it path={} "
                    + "key={} upload_id={} error=\"{}\"", file, ref.key(), ref.uploadId(), e.getMessage());
        }
    }
}
