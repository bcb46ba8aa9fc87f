package io.ossync.upload;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static io.ossync.util.ByteSize.GIB;
import static io.ossync.util.ByteSize.KIB;
import static io.ossync.util.ByteSize.MIB;
import static io.ossync.util.ByteSize.TIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartPlanTest {

    private static final PartSizeSetting AUTO = new PartSizeSetting.Auto();
    private static final PartSizeSetting KIB_100 = new PartSizeSetting.Fixed(100 * KIB);
    private static final PartSizeSetting MIB_8 = new PartSizeSetting.Fixed(8 * MIB);

    @Test
    void emptyFileIsOnePutEvenWithThresholdZero() {
        PartPlan plan = PartPlan.of(0, MIB_8, OptionalLong.of(0));
        assertThat(plan.multipart()).isFalse();
        assertThat(plan.partCount()).isZero();
        assertThatThrownBy(() -> plan.part(1)).hasMessageContaining("single PutObject has no parts");
    }

    @Test
    void oneByteIsOnePutByDefaultAndOnePartWithThresholdZero() {
        assertThat(PartPlan.of(1, MIB_8).multipart()).isFalse();
        PartPlan forced = PartPlan.of(1, MIB_8, OptionalLong.of(0));
        assertThat(forced.multipart()).isTrue();
        assertThat(forced.partCount()).isEqualTo(1);
        assertThat(forced.part(1)).isEqualTo(new PartPlan.Part(1, 0, 1));
    }

    @Test
    void thresholdDefaultsToThePartSize() {
        assertThat(PartPlan.of(8 * MIB - 1, MIB_8).multipart()).isFalse();
        PartPlan onePart = PartPlan.of(8 * MIB, MIB_8);
        assertThat(onePart.multipart()).isTrue();
        assertThat(onePart.partCount()).isEqualTo(1);
        assertThat(onePart.part(1)).isEqualTo(new PartPlan.Part(1, 0, 8 * MIB));
        PartPlan twoParts = PartPlan.of(8 * MIB + 1, MIB_8);
        assertThat(twoParts.partCount()).isEqualTo(2);
        assertThat(twoParts.part(2)).isEqualTo(new PartPlan.Part(2, 8 * MIB, 1));
    }

    @Test
    void explicitThresholdDecidesBetweenPutAndParts() {
        assertThat(PartPlan.of(99 * MIB, MIB_8, OptionalLong.of(100 * MIB)).multipart()).isFalse();
        PartPlan atThreshold = PartPlan.of(100 * MIB, MIB_8, OptionalLong.of(100 * MIB));
        assertThat(atThreshold.multipart()).isTrue();
        assertThat(atThreshold.partCount()).isEqualTo(13);
        assertThat(atThreshold.part(13)).isEqualTo(new PartPlan.Part(13, 96 * MIB, 4 * MIB));
    }

    @Test
    void aFileOverFiveGibGoesInPartsWhateverTheThreshold() {
        PartPlan plan = PartPlan.of(5 * GIB + 1, MIB_8, OptionalLong.of(Long.MAX_VALUE));
        assertThat(plan.multipart()).isTrue();
        assertThat(PartPlan.of(5 * GIB, MIB_8, OptionalLong.of(Long.MAX_VALUE)).multipart()).isFalse();
    }

    @Test
    void partsCoverTheFileWithoutGapsOrOverlap() {
        long size = 100 * MIB + 12345;
        PartPlan plan = PartPlan.of(size, MIB_8);
        long next = 0;
        for (int n = 1; n <= plan.partCount(); n++) {
            PartPlan.Part part = plan.part(n);
            assertThat(part.offset()).isEqualTo(next);
            assertThat(part.length()).isBetween(1L, 8 * MIB);
            next += part.length();
        }
        assertThat(next).isEqualTo(size);
        assertThatThrownBy(() -> plan.part(0)).hasMessageContaining("outside 1..13");
        assertThatThrownBy(() -> plan.part(14)).hasMessageContaining("outside 1..13");
    }

    @Test
    void tenThousandPartsExactlyKeepTheRequestedSize() {
        PartPlan plan = PartPlan.of(10_000 * 100 * KIB, KIB_100);
        assertThat(plan.partCount()).isEqualTo(10_000);
        assertThat(plan.partSize()).isEqualTo(100 * KIB);
        assertThat(plan.grown()).isFalse();
        assertThat(plan.part(10_000)).isEqualTo(new PartPlan.Part(10_000, 9_999 * 100 * KIB, 100 * KIB));
    }

    @Test
    void oneByteMoreThanTenThousandPartsGrowsToTheSmallestKibThatFits() {
        long size = 10_000 * 100 * KIB + 1;
        PartPlan plan = PartPlan.of(size, KIB_100);
        assertThat(plan.grown()).isTrue();
        assertThat(plan.requestedPartSize()).isEqualTo(100 * KIB);
        assertThat(plan.partSize()).isEqualTo(101 * KIB);
        assertThat(plan.partCount()).isLessThanOrEqualTo(10_000);
        assertSmallestKibThatFits(plan);
        assertThat(plan.toString()).contains("grown from 100 KiB");
    }

    @Test
    void growthIsTheSmallestFittingKibForAwkwardSizes() {
        for (long size : new long[]{10_000 * 8 * MIB + 1, 77 * GIB + 12345, 3 * TIB + 7, 40 * TIB + 1}) {
            PartPlan plan = PartPlan.of(size, KIB_100);
            assertThat(plan.grown()).isTrue();
            assertSmallestKibThatFits(plan);
        }
    }

    private static void assertSmallestKibThatFits(PartPlan plan) {
        long size = plan.fileSize();
        assertThat(plan.partSize() % KIB).isZero();
        assertThat(plan.partSize() * 10_000).isGreaterThanOrEqualTo(size);
        assertThat((plan.partSize() - KIB) * 10_000).isLessThan(size);
        PartPlan.Part last = plan.part(plan.partCount());
        assertThat(last.offset() + last.length()).isEqualTo(size);
        assertThat(last.length()).isPositive();
    }

    @Test
    void theCeilingIsTenThousandPartsOfFiveGib() {
        long ceiling = 10_000 * 5 * GIB;
        PartPlan plan = PartPlan.of(ceiling, KIB_100);
        assertThat(plan.partSize()).isEqualTo(5 * GIB);
        assertThat(plan.partCount()).isEqualTo(10_000);
        assertThat(PartPlan.of(ceiling, AUTO).partSize()).isEqualTo(5 * GIB);

        assertThatThrownBy(() -> PartPlan.of(ceiling + 1, KIB_100))
                .isInstanceOf(ObjectTooLargeException.class)
                .hasMessage("file of 48.83 TiB (53687091200001 bytes) is larger than the largest object OSS "
                        + "accepts, 10,000 parts of 5 GiB = 53687091200000 bytes (48.83 TiB)");
        assertThatThrownBy(() -> PartPlan.of(Long.MAX_VALUE, AUTO)).isInstanceOf(ObjectTooLargeException.class);
    }

    @Test
    void autoIsEightMibForSmallAndMediumFiles() {
        assertThat(PartPlan.of(1 * MIB, AUTO).multipart()).isFalse();
        PartPlan medium = PartPlan.of(2 * GIB, AUTO);
        assertThat(medium.partSize()).isEqualTo(8 * MIB);
        assertThat(medium.partCount()).isEqualTo(256);
        assertThat(PartPlan.of(1000 * 8 * MIB, AUTO).partSize()).isEqualTo(8 * MIB);
        assertThat(medium.grown()).isFalse();
    }

    @Test
    void autoDoublesForBigFilesUpTo256Mib() {
        assertThat(PartPlan.of(1000 * 8 * MIB + 1, AUTO).partSize()).isEqualTo(16 * MIB);
        assertThat(PartPlan.of(100 * GIB, AUTO).partSize()).isEqualTo(128 * MIB);
        PartPlan tib = PartPlan.of(1 * TIB, AUTO);
        assertThat(tib.partSize()).isEqualTo(256 * MIB);
        assertThat(tib.partCount()).isEqualTo(4096);
        assertThat(tib.grown()).isFalse();
    }

    @Test
    void autoGrowsBeyond256MibOnlyToFitTenThousandParts() {
        PartPlan huge = PartPlan.of(10 * TIB, AUTO);
        assertThat(huge.requestedPartSize()).isEqualTo(256 * MIB);
        assertThat(huge.grown()).isTrue();
        assertThat(huge.partCount()).isEqualTo(10_000);
        assertSmallestKibThatFits(huge);
    }

    @Test
    void negativeInputsAreRefused() {
        assertThatThrownBy(() -> PartPlan.of(-1, AUTO)).hasMessageContaining("negative");
        assertThatThrownBy(() -> PartPlan.of(1, AUTO, OptionalLong.of(-1))).hasMessageContaining("threshold");
    }

    @Test
    void inconsistentPlansCannotBeBuilt() {
        assertThatThrownBy(() -> new PartPlan(100, true, 100 * KIB, 100 * KIB, 2))
                .hasMessageContaining("inconsistent plan");
        assertThatThrownBy(() -> new PartPlan(0, true, 100 * KIB, 100 * KIB, 0))
                .hasMessageContaining("inconsistent plan");
        assertThatThrownBy(() -> new PartPlan(100, true, 100 * KIB, 50 * KIB, 1))
                .hasMessageContaining("part size out of range");
    }

    // ---- plans that copy a prefix ----------------------------------------------------------------

    @Test
    void aGrownFileCopiesItsPrefixInOnePartThenSendsTheTail() {
        PartPlan plan = PartPlan.reusing(32 * MIB, 32 * MIB + 128 * KIB, MIB_8);
        assertThat(plan.multipart()).isTrue();
        assertThat(plan.partCount()).isEqualTo(2);
        assertThat(plan.copied(1)).isTrue();
        assertThat(plan.part(1)).isEqualTo(new PartPlan.Part(1, 0, 32 * MIB));
        assertThat(plan.copied(2)).isFalse();
        assertThat(plan.part(2)).isEqualTo(new PartPlan.Part(2, 32 * MIB, 128 * KIB));
        assertThat(plan.bytesToSend()).isEqualTo(128 * KIB);
    }

    @Test
    void aPrefixOfExactlyFiveGibIsOneCopiedPart() {
        PartPlan plan = PartPlan.reusing(5 * GIB, 5 * GIB + 10 * MIB, MIB_8);
        assertThat(plan.copyParts()).isEqualTo(1);
        assertThat(plan.part(1)).isEqualTo(new PartPlan.Part(1, 0, 5 * GIB));
        assertThat(plan.part(2)).isEqualTo(new PartPlan.Part(2, 5 * GIB, 8 * MIB));
        assertThat(plan.part(3)).isEqualTo(new PartPlan.Part(3, 5 * GIB + 8 * MIB, 2 * MIB));
    }

    @Test
    void onePastFiveGibSplitsThePrefixEvenlyNeverLeavingATinyCopiedPart() {
        PartPlan plan = PartPlan.reusing(5 * GIB + 1, 5 * GIB + 1 + MIB, MIB_8);
        assertThat(plan.copyParts()).isEqualTo(2);
        PartPlan.Part first = plan.part(1);
        PartPlan.Part second = plan.part(2);
        assertThat(first.length()).isEqualTo(5 * GIB / 2 + 1).isLessThanOrEqualTo(OssLimits.MAX_PART_SIZE);
        assertThat(second.offset()).isEqualTo(first.length());
        assertThat(first.length() + second.length()).isEqualTo(5 * GIB + 1);
        assertThat(second.length()).isGreaterThanOrEqualTo(OssLimits.MIN_PART_SIZE);
        assertThat(plan.part(3)).isEqualTo(new PartPlan.Part(3, 5 * GIB + 1, MIB));
        assertThat(plan.copied(3)).isFalse();
    }

    @Test
    void copiedRangesCoverThePrefixExactlyWithoutGaps() {
        long prefix = 23 * GIB + 12345;
        PartPlan plan = PartPlan.reusing(prefix, prefix + 3 * GIB, AUTO);
        assertThat(plan.copyParts()).isEqualTo(5);
        long next = 0;
        for (int n = 1; n <= plan.partCount(); n++) {
            PartPlan.Part p = plan.part(n);
            assertThat(p.offset()).isEqualTo(next);
            assertThat(p.length()).isBetween(1L, OssLimits.MAX_PART_SIZE);
            if (n < plan.partCount()) {
                assertThat(p.length()).isGreaterThanOrEqualTo(OssLimits.MIN_PART_SIZE);
            }
            assertThat(plan.copied(n)).isEqualTo(n <= 5);
            next += p.length();
        }
        assertThat(next).isEqualTo(prefix + 3 * GIB);
    }

    @Test
    void aRenamedFileIsCopiedWhole() {
        PartPlan plan = PartPlan.reusing(11 * GIB, 11 * GIB, AUTO);
        assertThat(plan.partCount()).isEqualTo(3);
        assertThat(plan.bytesToSend()).isZero();
        assertThat(plan.copied(3)).isTrue();
        assertThat(plan.part(3).offset() + plan.part(3).length()).isEqualTo(11 * GIB);
    }

    @Test
    void theTailsPartSizeGrowsToFitTheTenThousandPartsLeftAfterTheCopiedOnes() {
        PartPlan plan = PartPlan.reusing(10 * GIB, 10 * GIB + 9_998 * 100 * KIB + 1, KIB_100);
        assertThat(plan.copyParts()).isEqualTo(2);
        assertThat(plan.partCount()).isLessThanOrEqualTo(OssLimits.MAX_PARTS);
        assertThat(plan.partSize()).isGreaterThan(100 * KIB);
        assertThat(plan.grown()).isTrue();
    }

    @Test
    void aPrefixUnderOnePartCannotBeCopiedWhenBytesFollowIt() {
        assertThatThrownBy(() -> PartPlan.reusing(100 * KIB - 1, MIB, MIB_8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("under the 102400 bytes");
        assertThat(PartPlan.reusing(100 * KIB, MIB, MIB_8).partCount()).isEqualTo(2);
        assertThat(PartPlan.reusing(10, 10, MIB_8).partCount()).isEqualTo(1);
        assertThatThrownBy(() -> PartPlan.reusing(11, 10, MIB_8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartPlan.reusing(0, 10, MIB_8)).isInstanceOf(IllegalArgumentException.class);
    }
}
