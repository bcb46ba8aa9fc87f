package io.ossync.queue;

/** What a job asks for. Stored by name in table {@code jobs}: renaming a constant needs a migration. */
public enum JobKind {
    /** The file is ready (its quiet period passed): upload it unless the ledger says it already is. */
    UPLOAD,
    /**
     * The file is gone: abort its open upload and drop its checkpoint, and when the watch mirrors
     * deletes, delete the object and its ledger row.
     */
    DELETE
}
