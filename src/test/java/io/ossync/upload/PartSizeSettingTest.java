package io.ossync.upload;

import io.ossync.util.ByteSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartSizeSettingTest {

    @Test
    void autoInAnyCase() {
        assertThat(PartSizeSetting.parse("auto")).isInstanceOf(PartSizeSetting.Auto.class);
        assertThat(PartSizeSetting.parse(" AUTO ")).isInstanceOf(PartSizeSetting.Auto.class);
    }

    @ParameterizedTest
    @CsvSource({"100KiB, 102400", "256KiB, 262144", "8MiB, 8388608", "1GiB, 1073741824",
            "5GiB, 5368709120", "1048576, 1048576", "8M, 8388608"})
    void fixedSizesWithinTheLimits(String text, long bytes) {
        assertThat(PartSizeSetting.parse(text)).isEqualTo(new PartSizeSetting.Fixed(bytes));
    }

    @Test
    void belowTheMinimumNamesTheLimit() {
        assertThatThrownBy(() -> PartSizeSetting.parse("99KiB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("part size 99 KiB (101376 bytes) is below the minimum of 100 KiB that OSS accepts");
        assertThatThrownBy(() -> PartSizeSetting.parse("102399"))
                .hasMessageContaining("below the minimum of 100 KiB");
    }

    @Test
    void aboveTheMaximumNamesTheLimit() {
        assertThatThrownBy(() -> PartSizeSetting.parse("5368709121"))
                .hasMessage("part size 5 GiB (5368709121 bytes) is above the maximum of 5 GiB that OSS accepts");
        assertThatThrownBy(() -> new PartSizeSetting.Fixed(6 * ByteSize.GIB))
                .hasMessageContaining("above the maximum of 5 GiB");
    }

    @Test
    void junkAndAmbiguousUnitsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PartSizeSetting.parse("8MB"))
                .hasMessageStartingWith("part size: '8MB' is ambiguous")
                .hasMessageEndingWith(", or auto");
        assertThatThrownBy(() -> PartSizeSetting.parse("big"))
                .hasMessageStartingWith("part size: 'big' is not a byte size");
        assertThatThrownBy(() -> PartSizeSetting.parse("8 bytes"))
                .hasMessageStartingWith("part size: '8 bytes' has an unknown unit 'bytes'");
    }
}
