package io.ossync.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathFilterTest {

    @Test
    void doubleStarSlashAlsoMatchesNoFolder() {
        PathFilter f = PathFilter.of(List.of("**/*.log"), List.of());
        assertThat(f.accepts("a.log")).isTrue();
        assertThat(f.accepts("x/y/a.log")).isTrue();
        assertThat(f.accepts("a.log.1")).isFalse();
        assertThat(f.accepts("a.txt")).isFalse();
    }

    @Test
    void aPatternWithoutSlashMatchesTheNameAtAnyDepthOneWithSlashTheWholePath() {
        PathFilter name = PathFilter.of(List.of("*.log"), List.of());
        assertThat(name.accepts("deep/down/a.log")).isTrue();
        PathFilter anchored = PathFilter.of(List.of("app/*.log"), List.of());
        assertThat(anchored.accepts("app/a.log")).isTrue();
        assertThat(anchored.accepts("app/sub/a.log")).isFalse();
        assertThat(anchored.accepts("other/app/a.log")).isFalse();
        PathFilter rooted = PathFilter.of(List.of("/top.log"), List.of());
        assertThat(rooted.accepts("top.log")).isTrue();
        assertThat(rooted.accepts("x/top.log")).isFalse();
    }

    @Test
    void excludesWinOverIncludesAndTrailingSlashMeansEverythingBelow() {
        PathFilter f = PathFilter.of(List.of("**/*.log", "**/*.gz"), List.of("cache/", "**/debug-*"));
        assertThat(f.accepts("a.gz")).isTrue();
        assertThat(f.accepts("x/cache/a.log")).isFalse();
        assertThat(f.accepts("cache/a.log")).isFalse();
        assertThat(f.accepts("cached/a.log")).isTrue();
        assertThat(f.accepts("x/debug-1.log")).isFalse();
    }

    @Test
    void starQuestionClassesAndAlternativesStayWithinOneSegment() {
        PathFilter f = PathFilter.of(List.of("data/file-?.{csv,json}", "img/[a-c]*.png", "bin/[!x]*"), List.of());
        assertThat(f.accepts("data/file-1.csv")).isTrue();
        assertThat(f.accepts("data/file-2.json")).isTrue();
        assertThat(f.accepts("data/file-10.csv")).isFalse();
        assertThat(f.accepts("data/file-1.xml")).isFalse();
        assertThat(f.accepts("img/b1.png")).isTrue();
        assertThat(f.accepts("img/d1.png")).isFalse();
        assertThat(f.accepts("bin/y")).isTrue();
        assertThat(f.accepts("bin/x")).isFalse();
        assertThat(PathFilter.of(List.of("a*"), List.of()).accepts("ab/c")).isFalse();
        assertThat(PathFilter.of(List.of("a/*"), List.of()).accepts("a/b/c")).isFalse();
        assertThat(PathFilter.of(List.of("a/**"), List.of()).accepts("a/b/c")).isTrue();
    }

    @Test
    void regexCharactersAreLiteralAndBackslashEscapes() {
        PathFilter f = PathFilter.of(List.of("r(1)+.txt", "\\*star"), List.of());
        assertThat(f.accepts("r(1)+.txt")).isTrue();
        assertThat(f.accepts("r1.txt")).isFalse();
        assertThat(f.accepts("*star")).isTrue();
        assertThat(f.accepts("xstar")).isFalse();
    }

    @Test
    void temporaryFilesAreAlwaysExcludedAtAnyDepth() {
        PathFilter f = PathFilter.everything();
        assertThat(f.accepts("report.pdf")).isTrue();
        for (String tmp : new String[] {"a.tmp", "d/a.part", "d/e/.a.swp", ".#lock", "x/notes~", "x/.#y"}) {
            assertThat(f.accepts(tmp)).as(tmp).isFalse();
        }
        assertThat(PathFilter.of(List.of("**"), List.of()).accepts("a.tmp")).isFalse();
        assertThat(f.accepts("a.tmp.gz")).isTrue();
    }

    @Test
    void acceptsPathsBuiltWithThePlatformSeparator() {
        PathFilter f = PathFilter.of(List.of("app/*.log"), List.of());
        assertThat(f.accepts(Path.of("app", "a.log"))).isTrue();
        assertThat(f.accepts(Path.of("b", "a.log"))).isFalse();
    }

    @Test
    void malformedPatternsAreRejected() {
        assertThatThrownBy(() -> PathFilter.of(List.of("[abc"), List.of())).hasMessageContaining("unclosed \"[\"");
        assertThatThrownBy(() -> PathFilter.of(List.of("{a,b"), List.of())).hasMessageContaining("unclosed \"{\"");
        assertThatThrownBy(() -> PathFilter.of(List.of(), List.of("a\\"))).hasMessageContaining("backslash");
        assertThatThrownBy(() -> PathFilter.of(List.of(""), List.of())).hasMessageContaining("empty pattern");
    }
}
