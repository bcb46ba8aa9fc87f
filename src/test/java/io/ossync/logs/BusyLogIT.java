package io.ossync.logs;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.MirroredFiles;
import io.ossync.testing.TestFiles;
import io.ossync.testing.UploadLines.Uploaded;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.ossync.emulator.EmulatorExtension.BUCKET;
import static io.ossync.testing.MirroredFiles.KIB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log that never goes quiet ({@code max-delay: 2s}, quiet period 1 s, a line every 100 ms) is
 * uploaded while it is written: each object seen meanwhile is a prefix of the file (a snapshot of
 * its first N bytes), every upload after the first sends only the new bytes, and once the writer
 * stops the object is the whole file.
 */
class BusyLogIT {

    private static final int FIRST = 200 * KIB;
    private static final int LINE = 2 * KIB;
    private static final Duration WRITING = Duration.ofSeconds(10);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    /** append-only: each snapshot trusted without reading it back, the prefix without reading it again. */
    @ParameterizedTest(name = "append-only: {0}")
    @ValueSource(booleans = {false, true})
    void aLogThatNeverGoesQuietIsUploadedAsGrowingPrefixesThenWhole(boolean appendOnly) throws Exception {
        MirroredFiles mirror = new MirroredFiles(daemon, emulator, Duration.ofSeconds(20));
        mirror.logWatch().quietPeriod("1s").maxDelay("2s").appendOnly(appendOnly);
        daemon.start();
        Path log = mirror.file("app.log");
        String key = mirror.key(log);

        TestFiles.random(log, FIRST, 1);
        List<Long> versionsSeen = new ArrayList<>();
        long written = FIRST + writeLines(log, WRITING, 100, () -> {
            Long seen = newVersionIsAPrefix(mirror, log, key, versionsSeen);
            if (seen != null) {
                versionsSeen.add(seen);
            }
        });
        assertThat(versionsSeen).as("object sizes seen while the log was written (each a prefix of it)")
                .hasSizeGreaterThanOrEqualTo(3).isSorted();

        mirror.awaitMirrored(log);
        // The object is complete before its upload's line is logged (after the ledger commit).
        Awaitility.await("the line of the upload of all " + written + " bytes").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> mirror.uploads(log).stream()
                        .anyMatch(u -> u.size() == written));
        List<Uploaded> uploads = mirror.uploads(log);
        assertThat(uploads.get(0).how()).isEqualTo("whole");
        assertThat(uploads.subList(1, uploads.size())).as("uploads after the first")
                .isNotEmpty().allMatch(u -> u.how().equals("append"));
        assertThat(uploads.get(uploads.size() - 1).size()).isEqualTo(written);
        assertThat(mirror.counters().bodyBytesReceived()).as("bytes received for %d bytes written", written)
                .isLessThanOrEqualTo((long) (1.5 * written));
    }

    /**
     * logrotate ({@code create}) in the middle of a busy log: app.log renamed to app.log.1 while its
     * latest snapshot is on the server, the writer going on in a new app.log. The renamed file is
     * the object's bytes plus a tail: it should reuse them as an append does, not be sent again.
     */
    @Test
    void aBusyLogRotatedWhileWrittenIsNotSentTwice() throws Exception {
        MirroredFiles mirror = new MirroredFiles(daemon, emulator, Duration.ofSeconds(20));
        mirror.logWatch().quietPeriod("1s").maxDelay("2s");
        daemon.start();
        Path log = mirror.file("app.log");
        Path rotated = mirror.file("app.log.1");

        TestFiles.random(log, 4 * FIRST, 1);
        long written = 4 * FIRST + writeLines(log, Duration.ofSeconds(5), 100, () -> { });
        Files.move(log, rotated);
        Files.createFile(log);
        written += writeLines(log, Duration.ofSeconds(3), 200, () -> { });

        mirror.awaitMirrored(log, rotated);
        assertThat(mirror.counters().bodyBytesReceived()).as("bytes received for %d bytes written; uploads of "
                        + "app.log.1: %s", written, mirror.uploads(rotated))
                .isLessThanOrEqualTo((long) (1.5 * written));
    }

    private interface EachLine {
        void written() throws Exception;
    }

    /** Appends a line to the log every 100 ms for {@code duration}; returns the bytes written. */
    private static long writeLines(Path log, Duration duration, int seed, EachLine eachLine) throws Exception {
        long written = 0;
        long end = System.nanoTime() + duration.toNanos();
        for (int line = 0; System.nanoTime() < end; line++) {
            long tick = System.nanoTime();
            TestFiles.append(log, LINE, seed + line);
            written += LINE;
            eachLine.written();
            Thread.sleep(Math.max(0, 100 - (System.nanoTime() - tick) / 1_000_000));
        }
        return written;
    }

    /** The object's size when it is new since the last one seen, after checking it holds the file's first bytes. */
    private static Long newVersionIsAPrefix(MirroredFiles mirror, Path log, String key, List<Long> seen)
            throws Exception {
        var remote = mirror.remote();
        if (!remote.exists(BUCKET, key)) {
            return null;
        }
        long size = remote.size(BUCKET, key);
        if (!seen.isEmpty() && seen.get(seen.size() - 1) == size) {
            return null;
        }
        byte[] object = remote.bytes(BUCKET, key);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)))
                .as("object of %d bytes = the file's first %d bytes", object.length, object.length)
                .isEqualTo(TestFiles.sha256(log, object.length));
        return (long) object.length;
    }
}
