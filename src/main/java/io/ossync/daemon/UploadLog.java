package io.ossync.daemon;

import io.ossync.upload.UploadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The {@code file uploaded} lines, at a volume that does not grow with a burst: a multipart upload
 * always gets its INFO line; small files (one PutObject or one CopyObject) get theirs up to
 * {@link #SMALL_LINES_PER_SECOND} a second, and beyond that the line goes to DEBUG and the second
 * ends with one INFO summary, {@code files uploaded count=N bytes=B lines_suppressed=K} (every file
 * of that second, logged or not). A second without a suppressed line gets no summary: a quiet
 * daemon logs exactly as before, one line per file.
 *
 * <p>Seconds are those of the injected clock. A summary is written by the first line of a later
 * second or by {@link #tick()} (the daemon runs this every second: {@link #run()}), whichever comes
 * first. Thread-safe.
 */
final class UploadLog implements Runnable {

    /** Small-file INFO lines per second before they go to DEBUG and a summary counts them. */
    static final int SMALL_LINES_PER_SECOND = 10;

    private static final Logger log = LoggerFactory.getLogger(UploadLog.class);

    private final Clock clock;
    private final int smallLinesPerSecond;
    /** The second counted below (epoch seconds of the clock). Guarded by this. */
    private long second = Long.MIN_VALUE;
    private int infoLines;
    private long files;
    private long bytes;
    private long suppressed;

    UploadLog(Clock clock) {
        this(clock, SMALL_LINES_PER_SECOND);
    }

    UploadLog(Clock clock, int smallLinesPerSecond) {
        this.clock = clock;
        this.smallLinesPerSecond = smallLinesPerSecond;
    }

    /** Logs one verified upload: INFO, or DEBUG when this second's small-file lines are used up. */
    void uploaded(Path file, UploadResult result, long millis) {
        boolean info;
        synchronized (this) {
            endSecondIfOver();
            files++;
            bytes += result.size();
            info = result.multipart() || infoLines < smallLinesPerSecond;
            if (info && !result.multipart()) {
                infoLines++;
            } else if (!info) {
                suppressed++;
            }
        }
        if (info) {
            log.info(LINE, file, result.key(), result.size(), Long.toUnsignedString(result.crc64()), result.how().label(),
                    result.bytesSent(), result.bytesCopied(), result.partCount(), result.partsResumed(),
                    result.restarts(), millis);
        } else if (log.isDebugEnabled()) {
            log.debug(LINE, file, result.key(), result.size(), Long.toUnsignedString(result.crc64()), result.how().label(),
                    result.bytesSent(), result.bytesCopied(), result.partCount(), result.partsResumed(),
                    result.restarts(), millis);
        }
    }

    private static final String LINE = "file uploaded path={} key={} size={} crc64={} how={} bytes_sent={} "
            + "bytes_copied={} parts={} resumed={} restarts={} ms={}";

    /** {@link #tick()} as a scheduled task: never throws, so the schedule goes on. */
    @Override
    public void run() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("upload summary failed error=\"{}\"", e.toString());
        }
    }

    /** Writes the summary of a second that is over, if it suppressed lines. */
    synchronized void tick() {
        endSecondIfOver();
    }

    private void endSecondIfOver() {
        long now = Math.floorDiv(clock.millis(), 1000);
        if (now == second) {
            return;
        }
        if (suppressed > 0) {
            log.info("files uploaded count={} bytes={} lines_suppressed={}", files, bytes, suppressed);
        }
        second = now;
        infoLines = 0;
        files = 0;
        bytes = 0;
        suppressed = 0;
    }
}
