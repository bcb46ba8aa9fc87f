package io.ossync.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationParserTest {

    @Test
    void parsesEachUnitAndCombinations() {
        assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationParser.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationParser.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(DurationParser.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationParser.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationParser.parse("1m30s250ms")).isEqualTo(Duration.ofMillis(90_250));
        assertThat(DurationParser.parse(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(DurationParser.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsNegativeValuesByName() {
        assertThatThrownBy(() -> DurationParser.parse("-2s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative duration \"-2s\"");
    }

    @Test
    void rejectsJunkWithTheInputQuoted() {
        for (String junk : new String[] {"2", "2 s", "1.5s", "2x", "s", "abc", "2s junk", "5m1h", "2s2s", ""}) {
            assertThatThrownBy(() -> DurationParser.parse(junk)).as(junk)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
        }
        assertThatThrownBy(() -> DurationParser.parse("2")).hasMessageContaining("has no unit");
        assertThatThrownBy(() -> DurationParser.parse("5m1h")).hasMessageContaining("largest to smallest");
        assertThatThrownBy(() -> DurationParser.parse("99999999999999999999d")).hasMessageContaining("too large");
        assertThatThrownBy(() -> DurationParser.parse("9999999999999999h")).hasMessageContaining("too large");
    }
}
