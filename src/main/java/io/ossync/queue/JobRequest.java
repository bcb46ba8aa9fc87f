package io.ossync.queue;

import java.nio.file.Path;
import java.util.Objects;

/** A job to enqueue: what {@link JobQueue#enqueue} takes, as one value for {@link JobQueue#enqueueAll}. */
public record JobRequest(Path path, int watchIndex, JobKind kind) {

    public JobRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        if (watchIndex < 0) {
            throw new IllegalArgumentException("watch index cannot be negative: " + watchIndex);
        }
    }

    public static JobRequest upload(Path path, int watchIndex) {
        return new JobRequest(path, watchIndex, JobKind.UPLOAD);
    }

    public static JobRequest delete(Path path, int watchIndex) {
        return new JobRequest(path, watchIndex, JobKind.DELETE);
    }
}
