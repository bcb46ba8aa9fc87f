package io.ossync.queue;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A job to enqueue: what {@link JobQueue#enqueue} takes, as one value for {@link JobQueue#enqueueAll}.
 *
 * @param watch the folder of the watch {@code path} belongs to: the job's stable name for its watch
 */
public record JobRequest(Path path, Path watch, JobKind kind) {

    public JobRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(kind, "kind");
        if (!watch.isAbsolute()) {
            throw new IllegalArgumentException("watch folder must be absolute: " + watch);
        }
        watch = watch.normalize();
    }

    public static JobRequest upload(Path path, Path watch) {
        return new JobRequest(path, watch, JobKind.UPLOAD);
    }

    public static JobRequest delete(Path path, Path watch) {
        return new JobRequest(path, watch, JobKind.DELETE);
    }
}
