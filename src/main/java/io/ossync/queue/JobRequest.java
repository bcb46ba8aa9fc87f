package io.ossync.queue;

import io.ossync.files.FileIdentity;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A job to enqueue: what {@link JobQueue#enqueue} takes, as one value for {@link JobQueue#enqueueAll}.
 *
 * @param watch    the folder of the watch {@code path} belongs to: the job's stable name for its watch
 * @param identity the version of the file seen when it was offered (the quiet period's snapshot), or null
 *                 when unknown: a set-aside job is revived only by a version that differs from the one it
 *                 was set aside for, or by an unknown one
 */
public record JobRequest(Path path, Path watch, JobKind kind, FileIdentity identity) {

    public JobRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(kind, "kind");
        if (!watch.isAbsolute()) {
            throw new IllegalArgumentException("watch folder must be absolute: " + watch);
        }
        watch = watch.normalize();
    }

    /** A request for a version that is not known. */
    public JobRequest(Path path, Path watch, JobKind kind) {
        this(path, watch, kind, null);
    }

    public static JobRequest upload(Path path, Path watch) {
        return new JobRequest(path, watch, JobKind.UPLOAD);
    }

    /** An upload of the version {@code identity} of the file as the intake saw it (null: unknown). */
    public static JobRequest upload(Path path, Path watch, FileIdentity identity) {
        return new JobRequest(path, watch, JobKind.UPLOAD, identity);
    }

    public static JobRequest delete(Path path, Path watch) {
        return new JobRequest(path, watch, JobKind.DELETE);
    }
}
