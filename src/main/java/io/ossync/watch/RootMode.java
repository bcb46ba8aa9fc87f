package io.ossync.watch;

/** How the intake currently follows a root. */
public enum RootMode {
    /** Not (yet) looked at. */
    STARTING,
    /** Watched with inotify (directory-watcher), plus the periodic rescan. */
    WATCHED,
    /**
     * Scanned every poll interval because watching is impossible (inotify watches or instances
     * ran out). Changes are noticed up to one poll interval late.
     */
    POLLED,
    /** The folder does not exist or is not a directory; checked again every root-check interval. */
    MISSING
}
