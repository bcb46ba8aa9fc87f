package io.ossync.ledger;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PathRangeTest {

    @Test
    void theRangeOfAFolderRunsFromItsPrefixWithSlashToThatWithZero() {
        assertThat(PathRange.under(Path.of("/data/a"))).isEqualTo(new PathRange("/data/a/", "/data/a0"));
        assertThat(PathRange.under(Path.of("/data/a/"))).isEqualTo(new PathRange("/data/a/", "/data/a0"));
        assertThat(PathRange.under(Path.of("/data/./b/../a"))).isEqualTo(new PathRange("/data/a/", "/data/a0"));
        assertThat(PathRange.under(Path.of("/"))).isEqualTo(new PathRange("/", "0"));
    }

    @Test
    void aRelativeFolderIsMadeAbsolute() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(PathRange.under(Path.of("x"))).isEqualTo(new PathRange(cwd + "/x/", cwd + "/x0"));
    }
}
