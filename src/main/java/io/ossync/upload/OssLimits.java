package io.ossync.upload;

import io.ossync.util.ByteSize;

/** The limits OSS puts on objects and multipart uploads; the part planning keeps within them. */
public final class OssLimits {

    /** The smallest part OSS accepts, except the last part of an upload. */
    public static final long MIN_PART_SIZE = 100 * ByteSize.KIB;
    /** The largest part OSS accepts. */
    public static final long MAX_PART_SIZE = 5 * ByteSize.GIB;
    /** Part numbers run from 1 to this. */
    public static final int MAX_PARTS = 10_000;
    /** The largest object a multipart upload can make: 10,000 parts of 5 GiB (48.8 TB). */
    public static final long MAX_OBJECT_SIZE = MAX_PARTS * MAX_PART_SIZE;
    /** The largest object a single PutObject can send. */
    public static final long MAX_PUT_SIZE = 5 * ByteSize.GIB;
    /** The largest object CopyObject copies; beyond it, UploadPartCopy. */
    public static final long MAX_COPY_OBJECT_SIZE = ByteSize.GIB;

    private OssLimits() {
    }
}
