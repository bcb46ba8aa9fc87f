package io.ossync.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigSizesTest {

    @Test
    void parsesBinaryAndDecimalUnits() {
        assertThat(ConfigSizes.parse("0")).isZero();
        assertThat(ConfigSizes.parse("123")).isEqualTo(123);
        assertThat(ConfigSizes.parse("123B")).isEqualTo(123);
        assertThat(ConfigSizes.parse("100KiB")).isEqualTo(102_400);
        assertThat(ConfigSizes.parse("8MiB")).isEqualTo(8L << 20);
        assertThat(ConfigSizes.parse("8 mib")).isEqualTo(8L << 20);
        assertThat(ConfigSizes.parse("5GiB")).isEqualTo(5L << 30);
        assertThat(ConfigSizes.parse("2TiB")).isEqualTo(2L << 40);
        assertThat(ConfigSizes.parse("20MB")).isEqualTo(20_000_000);
        assertThat(ConfigSizes.parse("1kB")).isEqualTo(1000);
    }

    @Test
    void refusesAmbiguousNegativeUnknownAndOverflowingSizes() {
        assertThatThrownBy(() -> ConfigSizes.parse("8M")).hasMessageContaining("ambiguous").hasMessageContaining("MiB");
        assertThatThrownBy(() -> ConfigSizes.parse("-1MiB")).hasMessage("negative size \"-1MiB\"");
        assertThatThrownBy(() -> ConfigSizes.parse("8 parsecs")).hasMessageContaining("unknown size unit");
        assertThatThrownBy(() -> ConfigSizes.parse("1.5GiB")).hasMessageContaining("invalid size");
        assertThatThrownBy(() -> ConfigSizes.parse("big")).hasMessageContaining("invalid size");
        assertThatThrownBy(() -> ConfigSizes.parse("99999999999TiB")).hasMessageContaining("too large");
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertThat(ConfigSizes.format(100 * 1024)).isEqualTo("100KiB");
        assertThat(ConfigSizes.format(5L << 30)).isEqualTo("5GiB");
        assertThat(ConfigSizes.format(1000)).isEqualTo("1000B");
    }
}
