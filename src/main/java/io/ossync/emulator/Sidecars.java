package io.ossync.emulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes the small JSON files that hold object, upload and part metadata next to the
 * data. A write goes to a temporary file first and is renamed over the target, so a reader (or a
 * restart after a crash) sees the old file or the new one, never half of one.
 */
final class Sidecars {
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    void write(Path target, Object value, Path tempFile) throws IOException {
        json.writeValue(tempFile.toFile(), value);
        moveAtomically(tempFile, target);
    }

    <T> T read(Path file, Class<T> type) throws IOException {
        return json.readValue(file.toFile(), type);
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
