package io.ossync.emulator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A satisfiable single byte range of a GET, as OSS reads the Range header: {@code bytes=a-b},
 * {@code bytes=a-}, {@code bytes=-n}. By default (OSS's compatible behaviour) a malformed or
 * unsatisfiable range means "the whole object" (200); with {@code x-oss-range-behavior: standard}
 * an end past the object is cut to its last byte and a start past it is InvalidRange (416).
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    static Optional<ByteRange> parse(String header, long size, boolean standard) throws OssException {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        long first;
        long last;
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    return unsatisfiable(header, size, standard);
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (first > last && !m.group(2).isEmpty()) {
            return Optional.empty();
        }
        if (first >= size) {
            return unsatisfiable(header, size, standard);
        }
        if (last >= size) {
            if (!standard) {
                return Optional.empty();
            }
            last = size - 1;
        }
        return Optional.of(new ByteRange(first, last));
    }

    private static Optional<ByteRange> unsatisfiable(String header, long size, boolean standard) throws OssException {
        if (standard) {
            throw OssErrors.invalidRange(header, size);
        }
        return Optional.empty();
    }
}
