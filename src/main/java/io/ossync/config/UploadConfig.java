package io.ossync.config;

import java.util.OptionalLong;

/**
 * How uploads run.
 *
 * @param partSize bytes per part, or empty for {@code auto} (the part planner chooses)
 * @param routines parts of one file sent in parallel
 * @param workers files uploaded in parallel
 * @param maxBandwidth bytes per second over all uploads, 0 for unlimited
 */
public record UploadConfig(OptionalLong partSize, int routines, int workers, long maxBandwidth) {

    public static final long MIN_PART_SIZE = 100L * 1024;
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    public static final int MAX_ROUTINES = 64;
    public static final int MAX_WORKERS = 64;

    public static final UploadConfig DEFAULTS = new UploadConfig(OptionalLong.empty(), 4, 2, 0);

    public UploadConfig {
        partSize.ifPresent(size -> {
            if (size < MIN_PART_SIZE || size > MAX_PART_SIZE) {
                throw new IllegalArgumentException("part size " + size + " outside 100KiB..5GiB");
            }
        });
        if (routines < 1 || routines > MAX_ROUTINES || workers < 1 || workers > MAX_WORKERS || maxBandwidth < 0) {
            throw new IllegalArgumentException("routines " + routines + ", workers " + workers
                    + ", max bandwidth " + maxBandwidth + " out of range");
        }
    }

    public boolean bandwidthLimited() {
        return maxBandwidth > 0;
    }
}
