package io.ossync.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * InitiateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload and AbortMultipartUpload.
 * An upload id only works with the key it was initiated for (any other key: NoSuchUpload).
 */
final class MultipartApi {
    static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    static final int MAX_PART_NUMBER = 10_000;
    private static final int MAX_COMPLETE_BODY = 8 * 1024 * 1024;

    void initiate(Exchange ex, BucketStore bucket) throws IOException, OssException {
        ObjectAttributes attributes = ObjectHeaders.attributes(ex);
        if (ObjectHeaders.forbidOverwrite(ex) && bucket.objects().get(ex.key()).isPresent()) {
            throw OssErrors.fileAlreadyExists(ex.key());
        }
        UploadRecord upload = bucket.uploads().initiate(ex.key(), attributes);
        KeyEncoding enc = KeyEncoding.of(ex.query());
        Xml xml = new Xml().open("InitiateMultipartUploadResult");
        enc.writeType(xml);
        xml.element("Bucket", bucket.name()).element("Key", enc.apply(upload.key()))
                .element("UploadId", upload.uploadId()).close("InitiateMultipartUploadResult");
        ex.sendXml(200, xml);
    }

    void uploadPart(Exchange ex, BucketStore bucket) throws IOException, OssException {
        int partNumber = partNumber(ex.query().get("partNumber"));
        String uploadId = ex.query().get("uploadId");
        MultipartUploads.OpenUpload upload = openUploadFor(ex, bucket, uploadId);
        Path staged = bucket.newTempFile();
        BodyReceiver.Received body = ObjectApi.receiveVerified(ex, staged, MAX_PART_SIZE);
        try {
            bucket.uploads().putPart(upload.record.uploadId(), partNumber, body.size(), body.etag(), body.crc64(), staged);
        } finally {
            java.nio.file.Files.deleteIfExists(staged);
        }
        ex.setHeader("ETag", body.etag());
        ex.setHeader("Content-MD5", body.md5Base64());
        ex.setHeader("x-oss-hash-crc64ecma", Crc64.toUnsignedString(body.crc64()));
        ex.sendEmpty(200);
    }

    void listParts(Exchange ex, BucketStore bucket) throws IOException, OssException {
        MultipartUploads.OpenUpload upload = openUploadFor(ex, bucket, ex.query().get("uploadId"));
        int maxParts = Listings.intParam(ex.query(), "max-parts", 1000, 1, 1000);
        int marker = Listings.intParam(ex.query(), "part-number-marker", 0, 0, MAX_PART_NUMBER);
        KeyEncoding enc = KeyEncoding.of(ex.query());
        List<PartRecord> page = upload.parts.tailMap(marker, false).values().stream().limit(maxParts + 1L).toList();
        boolean truncated = page.size() > maxParts;
        List<PartRecord> shown = truncated ? page.subList(0, maxParts) : page;
        Xml xml = new Xml().open("ListPartsResult");
        enc.writeType(xml);
        xml.element("Bucket", bucket.name()).element("Key", enc.apply(upload.record.key()))
                .element("UploadId", upload.record.uploadId())
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", shown.isEmpty() ? marker : shown.get(shown.size() - 1).partNumber())
                .element("MaxParts", maxParts)
                .element("IsTruncated", truncated);
        for (PartRecord p : shown) {
            xml.open("Part").element("PartNumber", p.partNumber())
                    .element("LastModified", ObjectHeaders.isoDate(p.lastModifiedMillis()))
                    .element("ETag", p.etag())
                    .element("HashCrc64ecma", Crc64.toUnsignedString(p.crc64()))
                    .element("Size", p.size()).close("Part");
        }
        xml.close("ListPartsResult");
        ex.sendXml(200, xml);
    }

    void complete(Exchange ex, BucketStore bucket) throws IOException, OssException {
        String uploadId = ex.query().get("uploadId");
        openUploadFor(ex, bucket, uploadId);
        byte[] expectedMd5 = ObjectHeaders.contentMd5(ex);
        boolean all = "yes".equalsIgnoreCase(ex.header("x-oss-complete-all"));
        byte[] body = ex.body().readNBytes(MAX_COMPLETE_BODY + 1);
        if (body.length > MAX_COMPLETE_BODY) {
            throw OssErrors.malformedXml("The part list is too long.");
        }
        if (expectedMd5 != null && !java.util.Arrays.equals(expectedMd5, md5(body))) {
            throw OssErrors.digestMismatch(java.util.Base64.getEncoder().encodeToString(expectedMd5),
                    java.util.Base64.getEncoder().encodeToString(md5(body)));
        }
        if (all && body.length > 0) {
            throw OssErrors.invalidArgument("With x-oss-complete-all: yes the request must have no body.",
                    "x-oss-complete-all", "yes", "0042-00000215");
        }
        List<CompletionPlan.RequestedPart> parts = all ? List.of() : CompleteRequestParser.parse(body);
        ObjectRecord object = bucket.uploads().complete(uploadId, parts, all, ObjectHeaders.forbidOverwrite(ex));
        KeyEncoding enc = KeyEncoding.of(ex.query());
        String host = ex.header("Host");
        Xml xml = new Xml().open("CompleteMultipartUploadResult");
        enc.writeType(xml);
        xml.element("Location", "http://" + host + "/" + bucket.name() + "/" + UrlCodec.encode(object.key(), true))
                .element("Bucket", bucket.name()).element("Key", enc.apply(object.key()))
                .element("ETag", object.etag()).close("CompleteMultipartUploadResult");
        ex.setHeader("ETag", object.etag());
        ex.setHeader("x-oss-hash-crc64ecma", Crc64.toUnsignedString(object.crc64()));
        ex.sendXml(200, xml);
    }

    void abort(Exchange ex, BucketStore bucket) throws IOException, OssException {
        String uploadId = ex.query().get("uploadId");
        openUploadFor(ex, bucket, uploadId);
        bucket.uploads().abort(uploadId);
        ex.sendEmpty(204);
    }

    static MultipartUploads.OpenUpload openUploadFor(Exchange ex, BucketStore bucket, String uploadId)
            throws OssException {
        MultipartUploads.OpenUpload upload = bucket.uploads().get(uploadId);
        if (!upload.record.key().equals(ex.key())) {
            throw OssErrors.noSuchUpload(uploadId);
        }
        return upload;
    }

    static int partNumber(String value) throws OssException {
        if (value == null) {
            throw OssErrors.invalidPartNumber("");
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1 || n > MAX_PART_NUMBER) {
                throw OssErrors.invalidPartNumber(value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw OssErrors.invalidPartNumber(value);
        }
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
