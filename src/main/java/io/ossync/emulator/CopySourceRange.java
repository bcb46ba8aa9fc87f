package io.ossync.emulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes of the source an UploadPartCopy copies, from {@code x-oss-copy-source-range:
 * bytes=first-last} (both inclusive, as the OSS reference's example {@code bytes=0-9} for ten bytes);
 * absent means the whole source. OSS documents the form, not its errors, so the emulator answers as
 * the S3 protocol it mirrors does: a value not of that form (or with last before first) is a bug of
 * the client, 400 InvalidArgument; a well-formed range that ends past the source is 416
 * InvalidRange, which a client can take as "the source is not what I thought" (it shrank).
 *
 * @param first the first byte copied
 * @param length how many bytes, 0 only for the whole of an empty source
 */
record CopySourceRange(long first, long length) {
    static final String HEADER = "x-oss-copy-source-range";
    private static final Pattern FORM = Pattern.compile("bytes=(\\d{1,19})-(\\d{1,19})");

    static CopySourceRange parse(String header, long sourceSize) throws OssException {
        if (header == null) {
            return new CopySourceRange(0, sourceSize);
        }
        Matcher m = FORM.matcher(header.trim());
        long first;
        long last;
        try {
            if (!m.matches()) {
                throw malformed(header);
            }
            first = Long.parseLong(m.group(1));
            last = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw malformed(header);
        }
        if (last < first) {
            throw malformed(header);
        }
        if (last >= sourceSize) {
            throw OssErrors.invalidRange(header, sourceSize);
        }
        return new CopySourceRange(first, last - first + 1);
    }

    private static OssException malformed(String header) {
        return OssErrors.invalidArgument("The copy source range must be of the form bytes=first-last.",
                HEADER, header, "0042-00000302");
    }
}
