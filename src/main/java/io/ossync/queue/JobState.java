package io.ossync.queue;

/** Where a job is in its life. Stored by name in table {@code jobs}: renaming a constant needs a migration. */
public enum JobState {
    /** Waiting to be claimed once its not-before time has come. */
    PENDING,
    /** Claimed by a worker; ends with done, retry later, set aside or release. */
    RUNNING,
    /** Given up on, with its reason, until a new enqueue for its path (the file changed). */
    SET_ASIDE
}
