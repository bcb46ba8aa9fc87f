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
 * <p>A plan made by {@link #reusing} rebuilds a file whose first {@code copiedPrefix} bytes are
 * already an object: parts 1..{@code copyParts} are copied server-side (UploadPartCopy) from that
 * object in ranges of at most 5 GiB, cut evenly so that none is under the 100 KiB a part must have
 * unless it is the last; the parts after them hold the new bytes, cut by the part size as above.
 *
 * @param fileSize          the size of the file in bytes
 * @param multipart         false for a single PutObject
 * @param requestedPartSize the configured size, or what {@code auto} picked for this file
 * @param partSize          the part size used: {@code requestedPartSize} or, if that needed more
 *                          than 10,000 parts, the grown size
 * @param partCount         the number of parts, 0 for a single PutObject
 */
public record PartPlan(long fileSize, boolean multipart, long requestedPartSize, long partSize,
                       int partCount, long copiedPrefix, int copyParts) {

    /** A part of the plan: number 1..partCount, and its region of the file. */
    public record Part(int number, long offset, long length) {
    }

    static final long AUTO_MIN_PART_SIZE = 8 * ByteSize.MIB;
    static final long AUTO_MAX_PREFERRED_PART_SIZE = 256 * ByteSize.MIB;
    static final int AUTO_TARGET_PARTS = 1_000;

    public PartPlan {
        if (copiedPrefix < 0 || copiedPrefix > fileSize || copyParts != (int) ceilDiv(copiedPrefix, OssLimits.MAX_PART_SIZE)
                || (copyParts > 0 && !multipart)) {
            throw new IllegalArgumentException("inconsistent copied prefix: " + copiedPrefix + " of " + fileSize
                    + " bytes in " + copyParts + " copied parts");
        }
        if (fileSize < 0 || fileSize > OssLimits.MAX_OBJECT_SIZE) {
            throw new IllegalArgumentException("file size out of range: " + fileSize);
        }
        if (partSize < requestedPartSize || partSize < OssLimits.MIN_PART_SIZE
                || partSize > OssLimits.MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size out of range: requested "
                    + requestedPartSize + ", chosen " + partSize);
        }
        int expectedCount = multipart ? copyParts + (int) ceilDiv(fileSize - copiedPrefix, partSize) : 0;
        if (partCount != expectedCount || (multipart && (partCount < 1 || partCount > OssLimits.MAX_PARTS))
                || (!multipart && fileSize > OssLimits.MAX_PUT_SIZE)) {
            throw new IllegalArgumentException("inconsistent plan: " + fileSize + " bytes, multipart "
                    + multipart + ", part size " + partSize + ", " + partCount + " parts");
        }
    }

    /** A plan that sends every byte. */
    public PartPlan(long fileSize, boolean multipart, long requestedPartSize, long partSize, int partCount) {
        this(fileSize, multipart, requestedPartSize, partSize, partCount, 0, 0);
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

    /**
     * Plans a multipart upload of a file of {@code fileSize} bytes whose first {@code prefix} bytes are
     * copied from an object (a grown file, or a renamed one when {@code prefix == fileSize}); the part
     * size applies to the bytes after the prefix.
     *
     * @throws IllegalArgumentException when the prefix is shorter than a part may be (100 KiB) while
     *                                  bytes follow it, or longer than the file
     * @throws ObjectTooLargeException  when no multipart upload can hold the file
     */
    public static PartPlan reusing(long prefix, long fileSize, PartSizeSetting setting) {
        if (prefix <= 0 || prefix > fileSize) {
            throw new IllegalArgumentException("prefix " + prefix + " is not within the file's " + fileSize + " bytes");
        }
        if (fileSize > OssLimits.MAX_OBJECT_SIZE) {
            throw new ObjectTooLargeException(fileSize);
        }
        if (prefix < OssLimits.MIN_PART_SIZE && prefix < fileSize) {
            throw new IllegalArgumentException("a prefix of " + prefix + " bytes is under the " + OssLimits.MIN_PART_SIZE
                    + " bytes a part other than the last must have");
        }
        int copyParts = (int) ceilDiv(prefix, OssLimits.MAX_PART_SIZE);
        long tail = fileSize - prefix;
        long requested = requestedPartSize(tail, setting);
        long partSize = Math.max(requested, smallestFittingPartSize(tail, OssLimits.MAX_PARTS - copyParts));
        int tailParts = (int) ceilDiv(tail, partSize);
        return new PartPlan(fileSize, true, requested, partSize, copyParts + tailParts, prefix, copyParts);
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
        return smallestFittingPartSize(fileSize, OssLimits.MAX_PARTS);
    }

    private static long smallestFittingPartSize(long fileSize, int parts) {
        long perPart = ceilDiv(fileSize, parts);
        return Math.max(OssLimits.MIN_PART_SIZE, ceilDiv(perPart, ByteSize.KIB) * ByteSize.KIB);
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
        if (number <= copyParts) {
            long range = copyRangeSize();
            long offset = (number - 1) * range;
            return new Part(number, offset, Math.min(range, copiedPrefix - offset));
        }
        long offset = copiedPrefix + (number - copyParts - 1) * partSize;
        return new Part(number, offset, Math.min(partSize, fileSize - offset));
    }

    /** True when part {@code number} is copied from the object rather than sent. */
    public boolean copied(int number) {
        return number >= 1 && number <= copyParts;
    }

    /** The bytes the plan sends (the file less its copied prefix). */
    public long bytesToSend() {
        return fileSize - copiedPrefix;
    }

    /** Even ranges: cut at 5 GiB, a 5 GiB + 1 byte prefix would leave a one-byte part before the tail. */
    private long copyRangeSize() {
        return ceilDiv(copiedPrefix, copyParts);
    }

    @Override
    public String toString() {
        if (!multipart) {
            return "single PutObject of " + ByteSize.format(fileSize);
        }
        if (copyParts > 0) {
            return copyParts + " copied parts for the first " + ByteSize.format(copiedPrefix) + ", then "
                    + (partCount - copyParts) + " parts of " + ByteSize.format(partSize) + " for "
                    + ByteSize.format(fileSize);
        }
        return partCount + " parts of " + ByteSize.format(partSize)
                + (grown() ? " (grown from " + ByteSize.format(requestedPartSize) + ")" : "")
                + " for " + ByteSize.format(fileSize);
    }
}
