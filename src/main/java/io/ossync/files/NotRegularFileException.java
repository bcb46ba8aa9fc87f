package io.ossync.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The path names something other than a regular file: a directory, a FIFO, a socket, a device.
 * Unlike an unreadable file (whose upload resumes once its permissions are fixed), nothing of
 * such a path can be uploaded: an upload of the file that was there cannot go on.
 */
public final class NotRegularFileException extends IOException {

    private final String what;

    public NotRegularFileException(Path file, BasicFileAttributes attributes) {
        this(file, "not a regular file (" + kind(attributes) + ")");
    }

    private NotRegularFileException(Path file, String what) {
        super(what + ": " + file);
        this.what = what;
    }

    /** What the path is, without the path: {@code not a regular file (a directory)}. */
    public String what() {
        return what;
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a directory" : "a FIFO, socket or device";
    }
}
