package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for tests on real folders. */
final class TestFiles {

    private TestFiles() {
    }

    /** Writes the file, creating its folders first. */
    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** The walk saw exactly these files (relative paths), no more. */
    static void assertPresentExactly(PresentFiles present, String... relatives) {
        assertThat(present.size()).as("files present").isEqualTo(relatives.length);
        for (String r : relatives) {
            assertThat(present.contains(Path.of(r))).as("present: " + r).isTrue();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
