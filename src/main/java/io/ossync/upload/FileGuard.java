package io.ossync.upload;

import io.ossync.files.FileIdentity;
import io.ossync.files.NotRegularFileException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

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
        } catch (NoSuchFileException e) {
            throw new UploadFailedException(UploadFailedException.Reason.FILE_NOT_FOUND, file + ": no such file", null);
        } catch (NotRegularFileException e) {
            throw new UploadFailedException(UploadFailedException.Reason.NOT_A_REGULAR_FILE, file + ": " + e.what(), null);
        } catch (IOException e) {
            throw new UploadFailedException(UploadFailedException.Reason.FILE_UNREADABLE,
                    file + ": cannot read: " + e.getMessage(), null);
        }
    }

    /** Throws {@link RestartNeeded} when the file is no longer the version {@code expected} names. */
    static void requireUnchanged(Path file, FileIdentity expected) throws UploadFailedException, RestartNeeded {
        Optional<String> change = expected.differenceTo(read(file));
        if (change.isPresent()) {
            throw new RestartNeeded(RestartReason.FILE_CHANGED, change.get());
        }
    }
}
