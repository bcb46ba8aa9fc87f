package io.ossync.upload;

import io.ossync.util.ByteSize;

import java.util.Locale;

/**
 * The part size as configured: {@code auto} (let {@link PartPlan} choose) or a fixed size within
 * the limits of OSS (100 KiB..5 GiB). Either way {@link PartPlan} may grow it for a file that would
 * otherwise need more than 10,000 parts.
 */
public sealed interface PartSizeSetting {

    /** Let the planner choose a size that suits throughput (at least 8 MiB). */
    record Auto() implements PartSizeSetting {
        @Override
        public String toString() {
            return "auto";
        }
    }

    /** A fixed part size in bytes, 100 KiB..5 GiB. */
    record Fixed(long bytes) implements PartSizeSetting {
        public Fixed {
            if (bytes < OssLimits.MIN_PART_SIZE) {
                throw new IllegalArgumentException("part size " + describe(bytes)
                        + " is below the minimum of 100 KiB that OSS accepts");
            }
            if (bytes > OssLimits.MAX_PART_SIZE) {
                throw new IllegalArgumentException("part size " + describe(bytes)
                        + " is above the maximum of 5 GiB that OSS accepts");
            }
        }

        private static String describe(long bytes) {
            return ByteSize.format(bytes) + " (" + bytes + " bytes)";
        }

        @Override
        public String toString() {
            return ByteSize.format(bytes);
        }
    }

    /** {@code auto}. */
    static PartSizeSetting auto() {
        return new Auto();
    }

    /**
     * Parses {@code auto} or a size such as {@code 8MiB}, {@code 256KiB}, {@code 1GiB} or
     * {@code 1048576} (see {@link ByteSize} for the accepted units).
     *
     * @throws IllegalArgumentException naming the text and the limit or syntax it breaks
     */
    static PartSizeSetting parse(String text) {
        if (text != null && text.trim().toLowerCase(Locale.ROOT).equals("auto")) {
            return new Auto();
        }
        ByteSize size;
        try {
            size = ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("part size: " + e.getMessage() + ", or auto", e);
        }
        return new Fixed(size.bytes());
    }
}
