package io.ossync.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StoredPathsTest {

    @Test
    void aPathThatCannotBeAPathIsEmptyAndShownWithQuestionMarks() {
        assertThat(StoredPaths.parse("/in/a\0b")).isEmpty();
        assertThat(StoredPaths.parse("/in/ab")).hasValue(Path.of("/in/ab"));
        assertThat(StoredPaths.forDisplay("/in/a\0b")).isEqualTo(Path.of("/in/a?b"));
        assertThat(StoredPaths.replaceUnmappable("/in/ünï 文件.txt", StandardCharsets.US_ASCII))
                .isEqualTo("/in/?n? ??.txt");
    }
}
