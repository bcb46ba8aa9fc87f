package io.ossync.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the JDK does with a name that is not valid UTF-8 (checked on JDK 17, Linux): the listed
 * Path opens the file, its text (bytes FF FE as U+FFFD U+FFFD) names none; the URI keeps the bytes.
 */
class UndecodableNamesTest {

    @TempDir
    Path dir;

    @Test
    void aListedNameThatIsNotUtf8IsFoundWithItsBytesAVanishedOneIsNot() throws Exception {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "needs a UTF-8 locale");
        Process sh = new ProcessBuilder("/bin/sh", "-c", "touch \"$(printf '\\377\\376.txt')\"")
                .directory(dir.toFile()).inheritIO().start();
        assertThat(sh.waitFor()).isZero();
        List<Path> listed;
        try (Stream<Path> entries = Files.list(dir)) {
            listed = entries.toList();
        }
        Path asListed = listed.get(0);
        Path asStored = Path.of(asListed.toString());

        assertThat(asListed.getFileName().toString()).isEqualTo("\uFFFD\uFFFD.txt");
        assertThat(Files.exists(asListed)).isTrue();
        assertThat(Files.exists(asStored)).as("the text names another file").isFalse();
        assertThat(UndecodableNames.reason(asStored)).hasValue("file name is not valid UTF-8 (bytes %FF%FE.txt): "
                + "it cannot be read through the JDK; rename the file");

        Files.delete(asListed);
        assertThat(UndecodableNames.reason(asStored)).as("gone: vanished").isEmpty();
        assertThat(UndecodableNames.reason(dir.resolve("plain.txt"))).isEmpty();
    }
}
