package io.ossync.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;

/**
 * Reads object attributes from request headers and writes them back as response headers, under the
 * names and values OSS uses (user metadata always as lower-case {@code x-oss-meta-*}).
 */
final class ObjectHeaders {
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final String META_PREFIX = "x-oss-meta-";
    private static final int MAX_USER_METADATA_BYTES = 8 * 1024;
    private static final Set<String> STORAGE_CLASSES = Set.of("Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive");
    private static final Set<String> ENCRYPTIONS = Set.of("AES256", "KMS", "SM4");
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ObjectHeaders() {
    }

    static ObjectAttributes attributes(Exchange ex) throws OssException {
        String contentType = ex.header("Content-Type");
        String storageClass = ex.header("x-oss-storage-class");
        if (storageClass != null && !STORAGE_CLASSES.contains(storageClass)) {
            throw OssErrors.invalidArgument("Invalid storage class.", "x-oss-storage-class", storageClass,
                    "0017-00000301");
        }
        String sse = ex.header("x-oss-server-side-encryption");
        if (sse != null && !ENCRYPTIONS.contains(sse)) {
            throw new OssException(400, "InvalidEncryptionAlgorithmError",
                    "The Encryption request you specified is not valid. Supported value: AES256/KMS/SM4", "0017-00000401");
        }
        String keyId = ex.header("x-oss-server-side-encryption-key-id");
        Map<String, String> meta = new HashMap<>();
        int metaBytes = 0;
        for (HttpField field : ex.headers()) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (name.startsWith(META_PREFIX)) {
                meta.merge(name, field.getValue(), (a, b) -> a + "," + b);
                metaBytes += (name.length() - META_PREFIX.length())
                        + field.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (metaBytes > MAX_USER_METADATA_BYTES) {
            throw OssErrors.invalidArgument("Your metadata headers exceed the maximum allowed metadata size.",
                    "x-oss-meta-*", metaBytes + " bytes", "0017-00000205");
        }
        return new ObjectAttributes(contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType,
                storageClass == null ? "Standard" : storageClass, sse, "KMS".equals(sse) ? keyId : null, meta);
    }

    /** The MD5 a request announces in Content-MD5, or null if it sent none. */
    static byte[] contentMd5(Exchange ex) throws OssException {
        String value = ex.header("Content-MD5");
        if (value == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(value.trim());
            if (md5.length != 16) {
                throw OssErrors.invalidDigest(value);
            }
            return md5;
        } catch (IllegalArgumentException e) {
            throw OssErrors.invalidDigest(value);
        }
    }

    static boolean forbidOverwrite(Exchange ex) {
        return "true".equalsIgnoreCase(ex.header("x-oss-forbid-overwrite"));
    }

    /** The headers Get and Head answer with (not Content-Length, which depends on the range). */
    static void write(Exchange ex, ObjectRecord rec) {
        ObjectAttributes a = rec.attributes();
        ex.setHeader("Content-Type", a.contentType());
        ex.setHeader("ETag", rec.etag());
        ex.setHeader("Last-Modified", httpDate(rec.lastModifiedMillis()));
        ex.setHeader("Accept-Ranges", "bytes");
        ex.setHeader("x-oss-object-type", rec.objectType());
        ex.setHeader("x-oss-storage-class", a.storageClass());
        ex.setHeader("x-oss-hash-crc64ecma", Crc64.toUnsignedString(rec.crc64()));
        if (rec.contentMd5() != null) {
            ex.setHeader("Content-MD5", rec.contentMd5());
        }
        if (a.serverSideEncryption() != null) {
            ex.setHeader("x-oss-server-side-encryption", a.serverSideEncryption());
        }
        if (a.serverSideEncryptionKeyId() != null) {
            ex.setHeader("x-oss-server-side-encryption-key-id", a.serverSideEncryptionKeyId());
        }
        a.userMetadata().forEach(ex::setHeader);
    }

    static String httpDate(long millis) {
        return HTTP_DATE.format(Instant.ofEpochMilli(millis));
    }

    static String isoDate(long millis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(millis));
    }
}
