package io.ossync.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Which file a path named when the daemon opened or locked it: its file key (device and inode on
 * Unix), so that a file deleted and another created at the same path is told apart from the
 * original. {@code fileKey} is null on a file system that has none; only presence is checked then.
 *
 * @param role    what the file is to the daemon, for messages: "state database", "lock file"
 * @param path    the absolute path it was opened at
 * @param fileKey {@link BasicFileAttributes#fileKey()} at that time
 */
public record OpenedFile(String role, Path path, Object fileKey) {

    /** Records what {@code path} names now; call it right after opening or locking the file. */
    static OpenedFile of(String role, Path path) {
        try {
            return new OpenedFile(role, path, Files.readAttributes(path, BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            throw new StateDatabaseException(role + " " + path + " vanished right after it was opened: " + e, e);
        }
    }
}
