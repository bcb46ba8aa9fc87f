package io.ossync.watch;

/** Why a root is walked in full. Routine scans are logged at debug level, the others at info. */
enum ScanReason {
    /** A watcher run registered the root's directories (at start, or after a restart). */
    WATCH_STARTED(false),
    /** The root cannot be watched; this is its first scan in polling mode. */
    POLLING_STARTED(false),
    /** A missing root appeared, or was replaced, and is polled. */
    ROOT_APPEARED(false),
    /** The watcher lost events. */
    OVERFLOW(false),
    /** Someone asked ({@link FolderIntake#requestRescan}). */
    REQUESTED(false),
    /** The periodic rescan of a watched root. */
    RESCAN_INTERVAL(true),
    /** The periodic scan of a root that cannot be watched. */
    POLL_INTERVAL(true);

    private final boolean routine;

    ScanReason(boolean routine) {
        this.routine = routine;
    }

    boolean routine() {
        return routine;
    }
}
