package io.ossync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * CopyObject and UploadPartCopy: objects and parts made from bytes the server already holds, in
 * the same bucket or another bucket of this emulator.
 *
 * <p>CopyObject moves no byte: the new object's segments are hard links to the source's (stored
 * segments are never written again), so its CRC-64, MD5 and ETag are the source's, and it answers
 * {@code x-oss-hash-crc64ecma} as OSS does (the OSS v2 SDKs read it from the CopyObject answer).
 * UploadPartCopy streams the range through the same digests as a received part, so the part has
 * its ETag (the MD5 of its bytes) and its CRC-64 for Complete and ListParts; it answers no CRC-64,
 * as OSS documents none for a copied part. The source's read lock is held while its bytes are
 * linked or read, and released before the new object is committed (the destination's lock may be
 * the same stripe). Both count the bytes they reused in {@link Counters#bytesCopied}.
 */
final class CopyApi {
    private final Storage storage;
    private final Counters counters;
    private final Clock clock;

    CopyApi(Storage storage, Counters counters, Clock clock) {
        this.storage = storage;
        this.counters = counters;
        this.clock = clock;
    }

    void copyObject(Exchange ex, BucketStore target) throws IOException, OssException {
        CopySource source = CopySource.parse(ex.header(CopySource.HEADER), "0016-00000305");
        BucketStore from = storage.bucket(source.bucket());
        MetadataDirective directive = MetadataDirective.of(ex.header("x-oss-metadata-directive"));
        ObjectAttributes requested = ObjectHeaders.attributes(ex);
        CopyConditions conditions = CopyConditions.of(ex);
        boolean onItself = from == target && source.key().equals(ex.key());
        ObjectRecord copy = from.objects().withReadLock(source.key(), found -> {
            ObjectRecord src = found.orElseThrow(() -> OssErrors.noSuchKey(source.key()));
            conditions.check(src);
            ObjectAttributes attributes = attributes(directive, src.attributes(), requested, ex);
            CopyLimits.checkCopyObject(src.attributes(), attributes, src.size());
            return new ObjectRecord(ex.key(), src.size(), src.etag(), src.crc64(), src.contentMd5(), src.objectType(),
                    clock.millis(), attributes, target.objects().linkIn(src.segments(), from.objects()::dataFile), null);
        });
        try {
            target.objects().commit(copy, ObjectHeaders.forbidOverwrite(ex));
        } catch (IOException | OssException | RuntimeException e) {
            for (ObjectRecord.Segment s : copy.segments()) {
                Files.deleteIfExists(target.objects().dataFile(s));
            }
            throw e;
        }
        // Copied onto itself, OSS only rewrites the metadata and copies no content (CopyObject reference).
        counters.recordBytesCopied(OssOperation.COPY_OBJECT, onItself ? 0 : copy.size());
        ex.setHeader("x-oss-hash-crc64ecma", Crc64.toUnsignedString(copy.crc64()));
        ex.sendXml(200, new Xml().open("CopyObjectResult").element("ETag", copy.etag())
                .element("LastModified", ObjectHeaders.isoDate(copy.lastModifiedMillis())).close("CopyObjectResult"));
    }

    void uploadPartCopy(Exchange ex, BucketStore target) throws IOException, OssException {
        int partNumber = MultipartApi.partNumber(ex.query().get("partNumber"));
        String uploadId = ex.query().get("uploadId");
        MultipartApi.openUploadFor(ex, target, uploadId);
        CopySource source = CopySource.parse(ex.header(CopySource.HEADER), "0042-00000301");
        BucketStore from = storage.bucket(source.bucket());
        CopyConditions conditions = CopyConditions.of(ex);
        Path staged = target.newTempFile();
        PartRecord part;
        try {
            BodyReceiver.Received copied = from.objects().withReadLock(source.key(), found -> {
                ObjectRecord src = found.orElseThrow(() -> OssErrors.noSuchKey(source.key()));
                conditions.check(src);
                CopySourceRange range = CopySourceRange.parse(ex.header(CopySourceRange.HEADER), src.size());
                CopyLimits.checkPartCopy(range.length());
                try (InputStream in = new SegmentRangeInputStream(from.objects(), src, range.first(), range.length())) {
                    return BodyReceiver.receive(in, staged, CopyLimits.MAX_PART_COPY);
                }
            });
            part = target.uploads().putPart(uploadId, partNumber, copied.size(), copied.etag(), copied.crc64(), staged);
        } finally {
            Files.deleteIfExists(staged);
        }
        counters.recordBytesCopied(OssOperation.UPLOAD_PART_COPY, part.size());
        ex.sendXml(200, new Xml().open("CopyPartResult")
                .element("LastModified", ObjectHeaders.isoDate(part.lastModifiedMillis()))
                .element("ETag", part.etag()).close("CopyPartResult"));
    }

    /**
     * COPY keeps the source's content type and user metadata; REPLACE takes the request's. Either
     * way a storage class or encryption the request names applies to the new object (that is what
     * a copy that changes them does); one it does not name is the source's under COPY, the
     * default under REPLACE.
     */
    private static ObjectAttributes attributes(MetadataDirective directive, ObjectAttributes source,
                                               ObjectAttributes requested, Exchange ex) {
        if (directive == MetadataDirective.REPLACE) {
            return requested;
        }
        boolean classNamed = ex.header("x-oss-storage-class") != null;
        boolean encryptionNamed = ex.header("x-oss-server-side-encryption") != null;
        return new ObjectAttributes(source.contentType(),
                classNamed ? requested.storageClass() : source.storageClass(),
                encryptionNamed ? requested.serverSideEncryption() : source.serverSideEncryption(),
                encryptionNamed ? requested.serverSideEncryptionKeyId() : source.serverSideEncryptionKeyId(),
                source.userMetadata());
    }
}
