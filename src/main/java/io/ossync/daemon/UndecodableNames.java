package io.ossync.daemon;

import io.ossync.util.StoredPaths;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files the JDK lists but cannot open again by name. On Linux a file name is bytes; the JDK decodes
 * them with the file-name encoding (UTF-8 under a UTF-8 locale) and turns each byte that is not
 * valid there into U+FFFD. The listed {@link Path} still holds the bytes and opens the file, but the
 * name as text, which is what the queue stores, encodes back to other bytes: another file, or none.
 * The JDK offers no way to open a file from the text alone, so such a file is set aside with its
 * name's bytes as {@link Path#toUri()} shows them (percent-encoded), never taken for a vanished one.
 * Assumes the file's folder can be read: otherwise the file is taken as vanished.
 */
final class UndecodableNames {

    private static final String REPLACEMENT = "\uFFFD";

    private UndecodableNames() {
    }

    /**
     * Why {@code file}, not found by its name, still exists under a name this JVM cannot read back;
     * empty when it has no such sibling (it vanished).
     */
    static Optional<String> reason(Path file) {
        Path name = file.getFileName();
        Path folder = file.getParent();
        if (name == null || folder == null || !name.toString().contains(REPLACEMENT)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equals(name.toString())) {
                    return Optional.of("file name is not valid " + StoredPaths.fileNameEncodingName() + " (bytes "
                            + rawName(entry) + "): it cannot be read through the JDK; rename the file");
                }
            }
        } catch (IOException | RuntimeException e) {
            // The folder went too, or cannot be read: nothing says the file is still there.
        }
        return Optional.empty();
    }

    /** The last segment of the entry's URI: its name's bytes, those outside ASCII percent-encoded. */
    private static String rawName(Path entry) {
        String path = entry.toUri().getRawPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
