package io.ossync.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/** ListObjects (V1, and V2 with {@code list-type=2}) and ListMultipartUploads. */
final class Listings {
    static final String OWNER_ID = "emulator-owner";

    void listObjects(Exchange ex, BucketStore bucket) throws IOException, OssException {
        QueryParams q = ex.query();
        boolean v2 = "2".equals(q.get("list-type"));
        KeyEncoding enc = KeyEncoding.of(q);
        String prefix = emptyToNull(q.get("prefix"));
        String delimiter = emptyToNull(q.get("delimiter"));
        int maxKeys = intParam(q, "max-keys", 100, 0, 1000);
        String token = emptyToNull(q.get("continuation-token"));
        String startAfter = emptyToNull(q.get("start-after"));
        String marker = v2 ? (token != null ? decodeToken(token) : startAfter) : emptyToNull(q.get("marker"));
        KeyPage<ObjectRecord> page = KeyPage.of(bucket.objects().after(null), prefix, delimiter, marker, maxKeys);

        Xml xml = new Xml().open("ListBucketResult");
        xml.element("Name", bucket.name()).element("Prefix", nullToEmpty(enc.apply(prefix)));
        if (v2) {
            xml.element("StartAfter", enc.apply(startAfter)).element("ContinuationToken", token);
        } else {
            xml.element("Marker", nullToEmpty(enc.apply(marker)));
        }
        xml.element("MaxKeys", maxKeys).element("Delimiter", nullToEmpty(enc.apply(delimiter)));
        enc.writeType(xml);
        xml.element("IsTruncated", page.truncated());
        if (page.truncated()) {
            if (v2) {
                xml.element("NextContinuationToken", encodeToken(page.nextMarker()));
            } else {
                xml.element("NextMarker", enc.apply(page.nextMarker()));
            }
        }
        if (v2) {
            xml.element("KeyCount", page.entries().size() + page.commonPrefixes().size());
        }
        boolean owner = !v2 || "true".equals(q.get("fetch-owner"));
        for (ObjectRecord rec : page.entries()) {
            xml.open("Contents").element("Key", enc.apply(rec.key()))
                    .element("LastModified", ObjectHeaders.isoDate(rec.lastModifiedMillis()))
                    .element("ETag", rec.etag()).element("Type", rec.objectType()).element("Size", rec.size())
                    .element("StorageClass", rec.attributes().storageClass());
            if (owner) {
                xml.open("Owner").element("ID", OWNER_ID).element("DisplayName", OWNER_ID).close("Owner");
            }
            xml.close("Contents");
        }
        writeCommonPrefixes(xml, page.commonPrefixes(), enc);
        xml.close("ListBucketResult");
        ex.sendXml(200, xml);
    }

    void listUploads(Exchange ex, BucketStore bucket) throws IOException, OssException {
        QueryParams q = ex.query();
        KeyEncoding enc = KeyEncoding.of(q);
        String prefix = emptyToNull(q.get("prefix"));
        String delimiter = emptyToNull(q.get("delimiter"));
        String keyMarker = emptyToNull(q.get("key-marker"));
        String uploadIdMarker = keyMarker == null ? null : emptyToNull(q.get("upload-id-marker"));
        int maxUploads = intParam(q, "max-uploads", 1000, 1, 1000);

        // Sorted by (key, upload id); an upload is listed under the composite key "key\0id" so that
        // KeyPage's marker and prefix rules apply unchanged. Keys cannot hold NUL in a URL-safe way,
        // and the upload id is fixed-width hex, so the order is exactly (key, id).
        TreeMap<String, UploadRecord> byKeyAndId = new TreeMap<>(KeyOrder.INSTANCE);
        for (UploadRecord u : bucket.uploads().sorted()) {
            byKeyAndId.put(u.key() + '\0' + u.uploadId(), u);
        }
        String marker = keyMarker == null ? null
                : keyMarker + '\0' + (uploadIdMarker == null ? "\uFFFF" : uploadIdMarker);
        KeyPage<UploadRecord> page = KeyPage.of(byKeyAndId, prefix, delimiter, marker, maxUploads);

        Xml xml = new Xml().open("ListMultipartUploadsResult");
        xml.element("Bucket", bucket.name());
        enc.writeType(xml);
        xml.element("KeyMarker", nullToEmpty(enc.apply(keyMarker)))
                .element("UploadIdMarker", nullToEmpty(uploadIdMarker));
        String nextKey = "";
        String nextId = "";
        if (page.truncated()) {
            String next = page.nextMarker();
            int nul = next.indexOf('\0');
            nextKey = nul < 0 ? next : next.substring(0, nul);
            nextId = nul < 0 ? "" : next.substring(nul + 1);
        }
        xml.element("NextKeyMarker", enc.apply(nextKey)).element("NextUploadIdMarker", nextId)
                .element("Delimiter", nullToEmpty(enc.apply(delimiter)))
                .element("Prefix", nullToEmpty(enc.apply(prefix)))
                .element("MaxUploads", maxUploads).element("IsTruncated", page.truncated());
        for (UploadRecord u : page.entries()) {
            xml.open("Upload").element("Key", enc.apply(u.key())).element("UploadId", u.uploadId())
                    .element("StorageClass", u.attributes().storageClass())
                    .element("Initiated", ObjectHeaders.isoDate(u.initiatedMillis())).close("Upload");
        }
        writeCommonPrefixes(xml, page.commonPrefixes(), enc);
        xml.close("ListMultipartUploadsResult");
        ex.sendXml(200, xml);
    }

    private static void writeCommonPrefixes(Xml xml, List<String> prefixes, KeyEncoding enc) {
        for (String p : prefixes) {
            xml.open("CommonPrefixes").element("Prefix", enc.apply(p)).close("CommonPrefixes");
        }
    }

    static int intParam(QueryParams q, String name, int defaultValue, int min, int max) throws OssException {
        String value = q.get(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw OssErrors.invalidArgument("Argument " + name + " must be an integer between " + min + " and "
                        + max + ".", name, value, "0016-00000302");
            }
            return n;
        } catch (NumberFormatException e) {
            throw OssErrors.invalidArgument("Argument " + name + " must be an integer.", name, value, "0016-00000302");
        }
    }

    private static String encodeToken(String marker) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) throws OssException {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OssErrors.invalidArgument("The continuation token is not valid.", "continuation-token", token,
                    "0016-00000303");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
