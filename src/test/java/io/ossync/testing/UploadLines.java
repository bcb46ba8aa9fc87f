package io.ossync.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code file uploaded path=... key=... size=... crc64=... how=... bytes_sent=N bytes_copied=M
 * parts=...} lines of a daemon's log, parsed: in-process lines ({@code "INFO file uploaded ..."}) and
 * child-JVM lines ({@code "ts=... level=INFO ... file uploaded ..."}) alike. Paths with spaces are
 * not supported (the tests' file names have none).
 */
public final class UploadLines {

    /** One verified upload as the daemon logged it. */
    public record Uploaded(Path path, String key, long size, String how, long bytesSent, long bytesCopied, int parts) {
    }

    private static final Pattern LINE = Pattern.compile("file uploaded (.*)$");
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S*)");

    private UploadLines() {
    }

    /** Every upload the lines report, oldest first. */
    public static List<Uploaded> of(List<String> logLines) {
        return logLines.stream().map(LINE::matcher).filter(Matcher::find).map(m -> parse(m.group(1))).toList();
    }

    /** The uploads of one file, oldest first. */
    public static List<Uploaded> of(List<String> logLines, Path file) {
        return of(logLines).stream().filter(u -> u.path().equals(file)).toList();
    }

    private static Uploaded parse(String fields) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(fields);
        while (m.find()) {
            f.putIfAbsent(m.group(1), m.group(2));
        }
        return new Uploaded(Path.of(f.get("path")), f.get("key"), Long.parseLong(f.get("size")), f.get("how"),
                Long.parseLong(f.get("bytes_sent")), Long.parseLong(f.get("bytes_copied")),
                Integer.parseInt(f.get("parts")));
    }
}
