package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the intake hands over its results; the daemon implements it on top of the durable job
 * queue. Paths are relative to the root ({@link WatchRoot#resolve(Path)} gives the absolute one).
 *
 * <p>Every call comes from one thread (the intake's sink thread), in the order the intake
 * decided, so an implementation need not be thread-safe towards the intake. A call should not
 * block for long: releases of other files wait behind it. An exception thrown by
 * {@link #fileReady} is logged and the file is offered again after its quiet period; one thrown by
 * the other methods is logged and dropped (the next scan repairs what was missed).
 */
public interface FileSink {

    /**
     * The file's size and mtime have not changed for the root's quiet period: it is complete as far
     * as the intake can tell. A file may be reported again later with another snapshot (it
     * changed), or with the same one when {@link KnownFiles} did not yet know it.
     */
    void fileReady(WatchRoot root, Path relative, FileIdentity snapshot);

    /**
     * {@link #fileReady} of several files at once, in order: the files the gate released together
     * (a burst of files whose quiet periods ended at about the same time). An implementation may
     * take them all in one step; if it throws, every file of the batch is offered again after its
     * quiet period, so taking some of them twice must be harmless.
     */
    default void filesReady(List<ReadyFile> files) {
        for (ReadyFile f : files) {
            fileReady(f.root(), f.relative(), f.snapshot());
        }
    }

    /**
     * Nothing exists at this path any more (checked after the event), and, if it was a directory,
     * nothing under it either. Only reported for deletions seen as watch events; a root that
     * disappears as a whole (unmounted, moved away) is reported through {@link #rootModeChanged}
     * instead, never as deleted files.
     */
    void pathGone(WatchRoot root, Path relative);

    /** A full walk of the root finished (at start, on overflow, on the rescan or poll interval). */
    void scanCompleted(ScanReport report);

    /** The way the root is followed changed (for status and alerts). */
    default void rootModeChanged(WatchRoot root, RootMode mode, String reason) {
    }
}
