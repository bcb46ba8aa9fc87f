package io.ossync.upload;

import io.ossync.files.FileIdentity;
import io.ossync.files.NotRegularFileException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Objects;

/**
 * Reads a file's identity and compares it with the one an upload began with: the cheap check
 * (one stat call) made before and after every part and before Complete.
 */
final class FileGuard {

    private FileGuard() {
    }

    /** The file's identity now, or the failure that says why there is none. */
    static FileIdentity read(Path file) throws UploadFailedException {
        try {
            return FileIdentity.read(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The failure a local read of {@code file} ended with, typed by what happened to the file. */
    static UploadFailedException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new UploadFailedException(UploadFailedException.Reason.FILE_NOT_FOUND, file + ": no such file", null);
        }
        if (e instanceof NotRegularFileException n) {
            return new UploadFailedException(UploadFailedException.Reason.NOT_A_REGULAR_FILE, file + ": " + n.what(), null);
        }
        return new UploadFailedException(UploadFailedException.Reason.FILE_UNREADABLE,
                file + ": cannot read: " + e.getMessage(), null);
    }

    /** Throws {@link RestartNeeded} when the file is no longer the version {@code expected} names. */
    static void requireUnchanged(Path file, FileIdentity expected) throws UploadFailedException, RestartNeeded {
        Optional<String> change = expected.differenceTo(read(file));
        if (change.isPresent()) {
            throw new RestartNeeded(RestartReason.FILE_CHANGED, change.get());
        }
    }

    /**
     * {@link #requireUnchanged}, except for a snapshot: there the file may have grown past the
     * snapshot's size (its mtime moves with it), but must still be the same file and no shorter.
     * Whether the snapshot's own bytes changed is a question for their CRC-64, not for a stat.
     */
    static void require(Path file, FileIdentity expected, SnapshotMode snapshot)
            throws UploadFailedException, RestartNeeded {
        if (snapshot == SnapshotMode.OFF) {
            requireUnchanged(file, expected);
            return;
        }
        FileIdentity now = read(file);
        if (!Objects.equals(expected.fileKey(), now.fileKey()) || now.size() < expected.size()) {
            throw new RestartNeeded(RestartReason.FILE_CHANGED, expected.differenceTo(now).orElse("file changed"));
        }
    }

    /** True when {@code now} is {@code earlier} or the same file grown past it (see {@link #require}). */
    static boolean extendsVersion(FileIdentity earlier, FileIdentity now) {
        return Objects.equals(earlier.fileKey(), now.fileKey()) && now.size() >= earlier.size();
    }
}
