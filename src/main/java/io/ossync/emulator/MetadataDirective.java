package io.ossync.emulator;

import java.util.Locale;

/**
 * Where a CopyObject's new object takes its metadata from ({@code x-oss-metadata-directive}):
 * the source's content type and user metadata ({@link #COPY}, the default) or the request's
 * ({@link #REPLACE}). Any other value is refused with InvalidArgument, as OSS does.
 */
enum MetadataDirective {
    COPY,
    REPLACE;

    static MetadataDirective of(String header) throws OssException {
        if (header == null || header.isEmpty()) {
            return COPY;
        }
        try {
            return valueOf(header.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OssErrors.invalidArgument("The metadata directive must be COPY or REPLACE.",
                    "x-oss-metadata-directive", header, "0016-00000306");
        }
    }
}
