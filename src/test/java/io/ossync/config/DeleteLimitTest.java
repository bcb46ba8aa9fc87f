package io.ossync.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeleteLimitTest {

    @Test
    void aCountIsAbsolute() {
        DeleteLimit limit = DeleteLimit.parse("100");
        assertThat(limit).isEqualTo(new DeleteLimit(100, false));
        assertThat(limit.allowed(10)).isEqualTo(100);
        assertThat(limit.exceededBy(100, 1_000_000)).isFalse();
        assertThat(limit.exceededBy(101, 1_000_000)).isTrue();
    }

    @Test
    void aPercentageIsOfTheKnownFilesRoundedUp() {
        DeleteLimit limit = DeleteLimit.parse(" 10 %");
        assertThat(limit).isEqualTo(new DeleteLimit(10, true));
        assertThat(limit.allowed(1000)).isEqualTo(100);
        assertThat(limit.allowed(1001)).isEqualTo(101);
        assertThat(limit.exceededBy(100, 1000)).isFalse();
        assertThat(limit.exceededBy(101, 1000)).isTrue();
        assertThat(DeleteLimit.DEFAULT.allowed(1)).as("a root of one file may lose it").isEqualTo(1);
        assertThat(DeleteLimit.DEFAULT.exceededBy(2, 2)).as("both files of two: held").isTrue();
        assertThat(DeleteLimit.DEFAULT.exceededBy(7, 14)).isFalse();
        assertThat(DeleteLimit.DEFAULT.exceededBy(14, 14)).isTrue();
    }

    @Test
    void zeroHoldsEveryDeletionAndAHundredPercentNone() {
        assertThat(DeleteLimit.parse("0").exceededBy(1, 1000)).isTrue();
        assertThat(DeleteLimit.parse("0%").exceededBy(1, 1000)).isTrue();
        assertThat(DeleteLimit.parse("0").exceededBy(0, 1000)).isFalse();
        assertThat(DeleteLimit.parse("100%").exceededBy(1000, 1000)).isFalse();
        assertThat(DeleteLimit.parse("100%").toString()).isEqualTo("100%");
    }

    @Test
    void anythingElseIsRefusedWithWhatIsExpected() {
        for (String bad : new String[] {"-1", "101%", "ten", "10.5%", "", "%", "5 files"}) {
            assertThatThrownBy(() -> DeleteLimit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected a count of files (e.g. 100) or a percentage from 0% to 100% (e.g. 10%), got \""
                            + bad + "\"");
        }
    }
}
