package io.ossync.resilience;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SweepPrefixesTest {

    @Test
    void dropsDuplicatesAndPrefixesUnderAnother() {
        assertThat(SweepPrefixes.covering(List.of("b/", "a/x/", "a/", "a/", "ab/", "a/x/y/")))
                .containsExactly("a/", "ab/", "b/");
    }

    @Test
    void aPrefixWithoutSlashCoversEveryKeyStartingWithIt() {
        assertThat(SweepPrefixes.covering(List.of("photos", "photos/2026/", "photos-raw/", "photo")))
                .containsExactly("photo");
    }

    @Test
    void theEmptyPrefixCoversTheWholeBucket() {
        assertThat(SweepPrefixes.covering(List.of("logs/", "", "z/"))).containsExactly("");
    }

    @Test
    void disjointPrefixesAreAllKept() {
        assertThat(SweepPrefixes.covering(List.of("c/", "a/", "b/"))).containsExactly("a/", "b/", "c/");
    }
}
