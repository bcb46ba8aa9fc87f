package io.ossync.upload;

import io.ossync.util.ByteSize;

import java.util.OptionalLong;

/**
 * How one file goes up: as a single PutObject, or as a multipart upload of {@code partCount} parts
 * of {@code partSize} bytes (the last one shorter). Pure: the same inputs give the same plan, so a
 * resumed upload can check that its frozen part size still covers the file.
 *
 * <p>Rules:
 * <ul>
 *   <li>An empty file, and a file smaller than the multipart threshold (and at most 5 GiB), is
 *       one PutObject. The threshold defaults to the chosen part size; a file of exactly the
 *       threshold is a multipart upload.</li>
 *   <li>{@code auto} starts at 8 MiB and doubles, up to 256 MiB, while the file would need more
 *       than 1,000 parts: fewer requests and commits for big files, parts still small enough that
 *       a crash re-sends little.</li>
 *   <li>When the requested (or auto) size would need more than 10,000 parts, the size grows to the
 *       smallest whole number of KiB that fits the file in 10,000 parts; {@link #grown()} tells the
 *       caller to log it. The part size is never a reason to fail.</li>
 *   <li>A file larger than 10,000 parts of 5 GiB (48.8 TB) throws {@link ObjectTooLargeException}.</li>
 * </ul>
 *
 * @param fileSize          the size of the file in bytes
 * @param multipart         false for a single PutObject
 * @param requestedPartSize the configured size, or what {@code auto} picked for this file
 * @param partSize          the part size used: {@code requestedPartSize} or, if that needed more
 *                          than 10,000 parts, the grown size
 * @param partCount         the number of parts, 0 for a single PutObject
 */
public record PartPlan(long fileSize, boolean multipart, long requestedPartSize, long partSize,
                       int partCount) {

    /** A part of the plan: number 1..partCount, and its region of the file. */
    public record Part(int number, long offset, long length) {
    }

    static final long AUTO_MIN_PART_SIZE = 8 * ByteSize.MIB;
    static final long AUTO_MAX_PREFERRED_PART_SIZE = 256 * ByteSize.MIB;
    static final int AUTO_TARGET_PARTS = 1_000;

    public PartPlan {
        if (fileSize < 0 || fileSize > OssLimits.MAX_OBJECT_SIZE) {
            throw new IllegalArgumentException("file size out of range: " + fileSize);
        }
        if (partSize < requestedPartSize || partSize < OssLimits.MIN_PART_SIZE
                || partSize > OssLimits.MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size out of range: requested "
                    + requestedPartSize + ", chosen " + partSize);
        }
        int expectedCount = multipart ? (int) ceilDiv(fileSize, partSize) : 0;
        if (partCount != expectedCount || (multipart && (partCount < 1 || partCount > OssLimits.MAX_PARTS))
                || (!multipart && fileSize > OssLimits.MAX_PUT_SIZE)) {
            throw new IllegalArgumentException("inconsistent plan: " + fileSize + " bytes, multipart "
                    + multipart + ", part size " + partSize + ", " + partCount + " parts");
        }
    }

    /** The plan with the multipart threshold at its default, the chosen part size. */
    public static PartPlan of(long fileSize, PartSizeSetting setting) {
        return of(fileSize, setting, OptionalLong.empty());
    }

    /**
     * Plans the upload of a file of {@code fileSize} bytes.
     *
     * @param multipartThreshold files of at least this size go up in parts; empty = the part size
     * @throws ObjectTooLargeException when no multipart upload can hold the file
     * @throws IllegalArgumentException for a negative size or threshold
     */
    public static PartPlan of(long fileSize, PartSizeSetting setting, OptionalLong multipartThreshold) {
        if (fileSize < 0) {
            throw new IllegalArgumentException("file size cannot be negative: " + fileSize);
        }
        if (multipartThreshold.isPresent() && multipartThreshold.getAsLong() < 0) {
            throw new IllegalArgumentException("multipart threshold cannot be negative: "
                    + multipartThreshold.getAsLong());
        }
        if (fileSize > OssLimits.MAX_OBJECT_SIZE) {
            throw new ObjectTooLargeException(fileSize);
        }
        long requested = requestedPartSize(fileSize, setting);
        long partSize = Math.max(requested, smallestFittingPartSize(fileSize));
        long threshold = multipartThreshold.orElse(partSize);
        boolean single = fileSize == 0 || (fileSize < threshold && fileSize <= OssLimits.MAX_PUT_SIZE);
        int partCount = single ? 0 : (int) ceilDiv(fileSize, partSize);
        return new PartPlan(fileSize, !single, requested, partSize, partCount);
    }

    private static long requestedPartSize(long fileSize, PartSizeSetting setting) {
        if (setting instanceof PartSizeSetting.Fixed fixed) {
            return fixed.bytes();
        }
        long size = AUTO_MIN_PART_SIZE;
        while (size < AUTO_MAX_PREFERRED_PART_SIZE && ceilDiv(fileSize, size) > AUTO_TARGET_PARTS) {
            size *= 2;
        }
        return size;
    }

    /** The smallest whole number of KiB that holds {@code fileSize} in at most 10,000 parts. */
    static long smallestFittingPartSize(long fileSize) {
        long perPart = ceilDiv(fileSize, OssLimits.MAX_PARTS);
        return ceilDiv(perPart, ByteSize.KIB) * ByteSize.KIB;
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }

    /** True when the part size had to grow beyond the requested one to fit 10,000 parts. */
    public boolean grown() {
        return partSize > requestedPartSize;
    }

    /** Part {@code number} (1-based) of a multipart plan. */
    public Part part(int number) {
        if (number < 1 || number > partCount) {
            throw new IllegalArgumentException("part " + number + " is outside 1.." + partCount
                    + (multipart ? "" : " (a single PutObject has no parts)"));
        }
        long offset = (number - 1) * partSize;
        return new Part(number, offset, Math.min(partSize, fileSize - offset));
    }

    @Override
    public String toString() {
        if (!multipart) {
            return "single PutObject of " + ByteSize.format(fileSize);
        }
        return partCount + " parts of " + ByteSize.format(partSize)
                + (grown() ? " (grown from " + ByteSize.format(requestedPartSize) + ")" : "")
                + " for " + ByteSize.format(fileSize);
    }
}
