package io.ossync.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "1048576, 1048576",
            "100KiB, 102400",
            "256KiB, 262144",
            "8MiB, 8388608",
            "'8 MiB', 8388608",
            "' 8mib ', 8388608",
            "1GiB, 1073741824",
            "5GiB, 5368709120",
            "1G, 1073741824",
            "2k, 2048",
            "3M, 3145728",
            "1T, 1099511627776",
            "512B, 512",
            "1.5KiB, 1536",
            "1.5 GiB, 1610612736",
    })
    void parsesBytesAndBinaryUnits(String text, long expected) {
        assertThat(ByteSize.parse(text).bytes()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"8MB, MiB", "1GB, GiB", "100kb, KiB", "2TB, TiB"})
    void refusesAmbiguousDecimalUnitsNamingTheBinaryOne(String text, String binary) {
        assertThatThrownBy(() -> ByteSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ambiguous")
                .hasMessageContaining("write " + binary);
    }

    @Test
    void refusesJunkWithSpecificMessages() {
        assertThatThrownBy(() -> ByteSize.parse("8 MiBs")).hasMessageContaining("unknown unit 'MiBs'");
        assertThatThrownBy(() -> ByteSize.parse("-1")).hasMessageContaining("not a byte size");
        assertThatThrownBy(() -> ByteSize.parse("MiB")).hasMessageContaining("not a byte size");
        assertThatThrownBy(() -> ByteSize.parse("1,5MiB")).hasMessageContaining("not a byte size");
        assertThatThrownBy(() -> ByteSize.parse("")).hasMessageContaining("required");
        assertThatThrownBy(() -> ByteSize.parse(null)).hasMessageContaining("required");
        assertThatThrownBy(() -> ByteSize.parse("0.3KiB")).hasMessageContaining("not a whole number of bytes (307.2)");
        assertThatThrownBy(() -> ByteSize.parse("9999999999T")).hasMessageContaining("too large");
    }

    @Test
    void formatsWithTheLargestUnitAndAtMostTwoDecimals() {
        assertThat(ByteSize.format(0)).isEqualTo("0 B");
        assertThat(ByteSize.format(1023)).isEqualTo("1023 B");
        assertThat(ByteSize.format(100 * ByteSize.KIB)).isEqualTo("100 KiB");
        assertThat(ByteSize.format(8 * ByteSize.MIB)).isEqualTo("8 MiB");
        assertThat(ByteSize.format(1536 * ByteSize.MIB)).isEqualTo("1.5 GiB");
        assertThat(ByteSize.format(10_000L * 5 * ByteSize.GIB)).isEqualTo("48.83 TiB");
        assertThat(new ByteSize(5 * ByteSize.GIB)).hasToString("5 GiB");
    }

    @Test
    void exactValuesRoundTrip() {
        for (long v : new long[]{0, 1, 1023, ByteSize.KIB, 100 * ByteSize.KIB, 8 * ByteSize.MIB,
                1536 * ByteSize.MIB, 3 * ByteSize.TIB}) {
            assertThat(ByteSize.parse(ByteSize.format(v)).bytes()).isEqualTo(v);
        }
    }
}
