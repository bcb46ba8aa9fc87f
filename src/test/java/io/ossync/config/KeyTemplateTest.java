package io.ossync.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyTemplateTest {

    /** 2026-03-01T23:30:00Z: late enough in the day that a local zone would show another date. */
    private static final Instant MTIME = Instant.parse("2026-03-01T23:30:00Z");

    @Test
    void expandsHostnameAndDateInUtcAndJoinsWithSlashes() throws Exception {
        KeyTemplate t = KeyTemplate.parse("logs/{hostname}/{date:yyyy/MM/dd}/", "web-1");
        assertThat(t.keyFor(Path.of("app", "x.log"), MTIME)).isEqualTo("logs/web-1/2026/03/01/app/x.log");
        assertThat(t.keyFor(Path.of("x.log"), MTIME)).isEqualTo("logs/web-1/2026/03/01/x.log");
        assertThat(t.prefixFor(MTIME)).isEqualTo("logs/web-1/2026/03/01/");
        assertThat(t.fixedPrefix()).isEqualTo("logs/web-1/");
    }

    @Test
    void anEmptyPrefixGivesTheRelativePathAndLiteralBracesAreEscaped() throws Exception {
        assertThat(KeyTemplate.parse("", "h").keyFor(Path.of("a/./b/c.txt"), MTIME)).isEqualTo("a/b/c.txt");
        assertThat(KeyTemplate.parse("x{{y}}-{date:HHmm}/", "h").keyFor(Path.of("f"), MTIME)).isEqualTo("x{y}-2330/f");
        assertThat(KeyTemplate.parse("x{{y}}-{date:HHmm}/", "h").varies()).isTrue();
        assertThat(KeyTemplate.parse("x/{hostname}/", "h").varies()).isFalse();
    }

    @Test
    void keysOverTheOssLimitOrEmptyAreTypedErrors() throws Exception {
        KeyTemplate t = KeyTemplate.parse("p/", "h");
        String name1021 = "a".repeat(1021);
        assertThat(t.keyFor(Path.of(name1021), MTIME)).hasSize(1023);
        assertThatThrownBy(() -> t.keyFor(Path.of(name1021 + "b"), MTIME))
                .isInstanceOf(InvalidObjectKeyException.class).hasMessageContaining("1024 bytes");
        // 341 three-byte characters = 1023 bytes: the limit counts UTF-8 bytes, not characters
        String cjk = "文".repeat(340);
        assertThat(t.keyFor(Path.of(cjk), MTIME)).hasSize(342);
        assertThatThrownBy(() -> t.keyFor(Path.of(cjk + "文"), MTIME)).isInstanceOf(InvalidObjectKeyException.class);
        assertThatThrownBy(() -> KeyTemplate.parse("", "h").keyFor(Path.of(""), MTIME))
                .isInstanceOf(InvalidObjectKeyException.class).hasMessage("object key is empty");
    }

    @Test
    void refusesPathsOutsideTheFolder() {
        KeyTemplate t = KeyTemplate.parse("p/", "h");
        assertThatThrownBy(() -> t.keyFor(Path.of("/etc/passwd"), MTIME)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.keyFor(Path.of("../x"), MTIME)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badTemplatesAreRejectedWhenParsed() {
        assertThatThrownBy(() -> KeyTemplate.parse("/logs/", "h")).hasMessageContaining("must not start with \"/\"");
        assertThatThrownBy(() -> KeyTemplate.parse("logs/{host}/", "h")).hasMessageContaining("unknown placeholder {host}");
        assertThatThrownBy(() -> KeyTemplate.parse("logs/{date}/", "h")).hasMessageContaining("needs a pattern");
        assertThatThrownBy(() -> KeyTemplate.parse("logs/{date:yyyy/", "h")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> KeyTemplate.parse("logs/}", "h")).hasMessageContaining("unmatched");
        assertThatThrownBy(() -> KeyTemplate.parse("{date:yyyy-bb}", "h")).hasMessageContaining("invalid date pattern \"yyyy-bb\"");
        assertThatThrownBy(() -> KeyTemplate.parse("logs/../x/", "h")).hasMessageContaining("has a \"..\" segment");
        assertThatThrownBy(() -> KeyTemplate.parse("./x/", "h")).hasMessageContaining("has a \".\" segment");
    }

    @Test
    void equalTemplatesAreEqual() {
        assertThat(KeyTemplate.parse("a/{hostname}/", "h")).isEqualTo(KeyTemplate.parse("a/{hostname}/", "h"))
                .isNotEqualTo(KeyTemplate.parse("a/{hostname}/", "other"));
    }
}
