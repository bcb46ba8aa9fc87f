package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.nio.file.Path;

/** A file the gate found quiet, as handed to {@link FileSink#filesReady}. */
public record ReadyFile(WatchRoot root, Path relative, FileIdentity snapshot) {
}
