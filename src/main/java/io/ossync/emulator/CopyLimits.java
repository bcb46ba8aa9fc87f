package io.ossync.emulator;

/**
 * How large a server-side copy may be, as pure rules. OSS's CopyObject reference: an object whose
 * storage class or encryption the copy changes may be at most 1 GB (beyond, UploadPartCopy); one
 * copied unchanged at most 5 GB across buckets. The same reference now lets a same-bucket
 * unchanged copy exceed 5 GB; the emulator keeps the older 5 GB bound there too, so a client that
 * relies on more fails here first. A copied part is at most 5 GB, as an uploaded one.
 *
 * <p>OSS documents these bounds but not the error past them: the emulator answers EntityTooLarge
 * (400), OSS's code for the same kind of bound on PutObject and UploadPart.
 */
final class CopyLimits {
    static final long GIB = 1024L * 1024 * 1024;
    static final long MAX_COPY_CHANGING_CLASS_OR_ENCRYPTION = GIB;
    static final long MAX_COPY = 5 * GIB;
    static final long MAX_PART_COPY = MultipartApi.MAX_PART_SIZE;

    private CopyLimits() {
    }

    static long maxCopyObjectSize(ObjectAttributes source, ObjectAttributes target) {
        boolean sameClass = source.storageClass().equals(target.storageClass());
        boolean sameEncryption = java.util.Objects.equals(source.serverSideEncryption(), target.serverSideEncryption());
        return sameClass && sameEncryption ? MAX_COPY : MAX_COPY_CHANGING_CLASS_OR_ENCRYPTION;
    }

    static void checkCopyObject(ObjectAttributes source, ObjectAttributes target, long size) throws OssException {
        long max = maxCopyObjectSize(source, target);
        if (size > max) {
            throw OssErrors.entityTooLarge(size, max);
        }
    }

    static void checkPartCopy(long length) throws OssException {
        if (length > MAX_PART_COPY) {
            throw OssErrors.entityTooLarge(length, MAX_PART_COPY);
        }
    }
}
