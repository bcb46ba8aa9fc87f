package io.ossync.checkpoint;

import io.ossync.state.StateDatabaseException;

/**
 * A part was recorded for a checkpoint that no longer exists (deleted because the upload started
 * over or finished): the part belongs to an upload that is gone and must not count.
 */
public final class NoSuchCheckpointException extends StateDatabaseException {

    private final long checkpointId;

    public NoSuchCheckpointException(long checkpointId, Throwable cause) {
        super("checkpoint " + checkpointId + " does not exist (any more): its upload was finished or started over",
                cause);
        this.checkpointId = checkpointId;
    }

    public long checkpointId() {
        return checkpointId;
    }
}
