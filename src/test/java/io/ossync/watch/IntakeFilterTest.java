package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntakeFilterTest {

    private static final WatchRoot ALL = WatchRoot.of("r", Path.of("/data"), Duration.ofSeconds(1));

    @ParameterizedTest
    @ValueSource(strings = {"a.tmp", "a.TMP", "movie.mkv.part", "B.Part", ".notes.txt.swp", ".#notes.txt", "notes.txt~",
            "deep/dir/x.tmp"})
    void namesOfUnfinishedFilesAreNeverAdmitted(String relative) {
        assertThat(IntakeFilter.admits(ALL, Path.of(relative))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "tmp", "a.tmp.txt", "part/b.bin", "x.tmp/y.txt", "#notes#", ".hidden", "a~b"})
    void ordinaryNamesAreAdmitted(String relative) {
        assertThat(IntakeFilter.admits(ALL, Path.of(relative))).isTrue();
    }

    @Test
    void theRootFilterDecidesOnThePathRelativeToTheRoot() {
        WatchRoot root = new WatchRoot("r", Path.of("/data"), Duration.ofSeconds(1),
                relative -> !relative.startsWith("skip") && relative.toString().endsWith(".jpg"), false);

        assertThat(IntakeFilter.admits(root, Path.of("a/b.jpg"))).isTrue();
        assertThat(IntakeFilter.admits(root, Path.of("a/b.png"))).isFalse();
        assertThat(IntakeFilter.admits(root, Path.of("skip/b.jpg"))).isFalse();
    }

    @Test
    void alwaysExcludedNamesNeverReachTheRootFilter() {
        WatchRoot root = new WatchRoot("r", Path.of("/data"), Duration.ofSeconds(1), relative -> {
            throw new AssertionError("filter asked about " + relative);
        }, false);

        assertThat(IntakeFilter.admits(root, Path.of("x.part"))).isFalse();
    }
}
