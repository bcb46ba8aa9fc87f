package io.ossync.emulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules of CompleteMultipartUpload, as pure logic: given the part list a client sent and the
 * parts uploaded, which parts make the object, or which OSS error refuses the request.
 * <ul>
 *   <li>part numbers strictly ascending, else InvalidPartOrder;</li>
 *   <li>each listed part uploaded with that ETag (quotes and case ignored), else InvalidPart;</li>
 *   <li>every part but the last at least 100 KiB, else EntityTooSmall.</li>
 * </ul>
 * The object's ETag is, as on OSS, the MD5 of the parts' binary MD5s followed by "-" and the part
 * count; its CRC-64 is combined from the part CRCs.
 */
record CompletionPlan(List<PartRecord> parts, long size, String etag, long crc64) {
    static final long MIN_PART_SIZE = 100 * 1024;

    /** A part as listed in the request body. */
    record RequestedPart(int partNumber, String etag) {
    }

    CompletionPlan {
        parts = List.copyOf(parts);
    }

    static CompletionPlan of(List<RequestedPart> requested, Map<Integer, PartRecord> uploaded) throws OssException {
        int previous = 0;
        for (RequestedPart p : requested) {
            if (p.partNumber() <= previous) {
                throw OssErrors.invalidPartOrder();
            }
            previous = p.partNumber();
        }
        List<PartRecord> chosen = new ArrayList<>(requested.size());
        for (RequestedPart p : requested) {
            PartRecord part = uploaded.get(p.partNumber());
            if (part == null || !normalize(part.etag()).equals(normalize(p.etag()))) {
                throw OssErrors.invalidPart(p.partNumber(), p.etag());
            }
            chosen.add(part);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            PartRecord part = chosen.get(i);
            if (part.size() < MIN_PART_SIZE) {
                throw OssErrors.entityTooSmall(part.partNumber(), part.size(), MIN_PART_SIZE);
            }
        }
        return fromParts(chosen);
    }

    private static CompletionPlan fromParts(List<PartRecord> chosen) {
        MessageDigest md5 = md5();
        long size = 0;
        long crc = 0;
        for (PartRecord part : chosen) {
            md5.update(HexFormat.of().parseHex(normalize(part.etag())));
            crc = Crc64.combine(crc, part.crc64(), part.size());
            size += part.size();
        }
        String etag = "\"" + HexFormat.of().withUpperCase().formatHex(md5.digest()) + "-" + chosen.size() + "\"";
        return new CompletionPlan(chosen, size, etag, crc);
    }

    /** An ETag without quotes, upper case. */
    static String normalize(String etag) {
        String e = etag.trim();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toUpperCase(Locale.ROOT);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
