package io.ossync.upload;

import io.ossync.util.ByteSize;

/** A file larger than any object OSS can hold (10,000 parts of 5 GiB): it can never be uploaded. */
public final class ObjectTooLargeException extends IllegalArgumentException {

    private final long fileSize;

    public ObjectTooLargeException(long fileSize) {
        super("file of " + ByteSize.format(fileSize) + " (" + fileSize + " bytes) is larger than the "
                + "largest object OSS accepts, 10,000 parts of 5 GiB = " + OssLimits.MAX_OBJECT_SIZE
                + " bytes (" + ByteSize.format(OssLimits.MAX_OBJECT_SIZE) + ")");
        this.fileSize = fileSize;
    }

    public long fileSize() {
        return fileSize;
    }
}
