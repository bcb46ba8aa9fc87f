package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** Reads a file's identity for the intake (one stat, never the contents). */
final class FileStat {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};

    private FileStat() {
    }

    /**
     * The identity of a regular file, or empty when the path is absent, unreadable, or not a
     * regular file (a directory, a device, or a link that is not to be followed).
     */
    static Optional<FileIdentity> regularFile(Path path, boolean followLinks) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    followLinks ? FOLLOW : NO_FOLLOW);
            return attributes.isRegularFile() ? Optional.of(FileIdentity.of(attributes)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when nothing at all (not even a dangling link) exists at the path. */
    static boolean isGone(Path path) {
        return Files.notExists(path, NO_FOLLOW);
    }
}
