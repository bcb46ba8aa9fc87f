package io.ossync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ossync.emulator.Crc64;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.ChildJvm;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ossync upload} as a person sees it at a terminal (a pseudo-terminal made by {@code script}),
 * and with {@code --quiet} and {@code --json}: the bar stays on its line, no INFO line is printed, a
 * warning (a restart, provoked by the emulator answering NoSuchUpload to a part mid-upload) is printed
 * on a line of its own above the bar, which is drawn again below it.
 */
class UploadTerminalIT {

    private static final long MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bar as progressbar draws it (ASCII style), e.g. {@code big.bin  20% [=====   ] 13/40MiB (0:00:03 / 0:00:11) 4.3MiB/s}. */
    private static final Pattern BAR = Pattern.compile(
            "big\\.bin +(\\?|\\d{1,3}) ?% \\[[=> ]*\\] +[\\d?]+/[\\d?]+MiB \\([\\d:?]+ / [\\d:?]+\\) [\\d.?]+MiB/s");
    /** A warning as logback-test.xml prints it: {@code 10:15:30.123 WARN  [main] ResumableUpload upload restarted ...}. */
    private static final Pattern WARN_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[[^]]+\\] \\S+ .+");

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @TempDir
    Path tmp;

    private Map<String, String> env() {
        return Map.of(
                "OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
                "OSS_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET,
                "OSS_ENDPOINT", emulator.endpoint(),
                "OSS_REGION", EmulatorExtension.REGION);
    }

    private String[] uploadArgs(Path file, String key, String... extra) {
        List<String> args = new ArrayList<>(List.of("upload", file.toString(), "oss://test-bucket/" + key,
                "--part-size", "1MiB", "--routines", "2", "--state", tmp.resolve("state.db").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Parts take 100 ms each (a few seconds of bar); once 8 MiB are in, one part is answered NoSuchUpload. */
    private void slowPartsAndARestartMidUpload(ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (emulator.emulator().counters().bodyBytesReceived(OssOperation.UPLOAD_PART) < 8 * MIB
                && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        emulator.emulator().faults().failNext(OssOperation.UPLOAD_PART, 1, 404, "NoSuchUpload");
    }

    @Test
    void onATerminalTheBarKeepsItsLineAndOnlyWarningsArePrintedAboveIt() throws Exception {
        Path file = TestFiles.random(tmp.resolve("big.bin"), 40 * MIB, 15);
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(100));
        Path log = tmp.resolve("terminal.out");
        ChildJvm child = ChildJvm.ossyncOnTerminal(env(), log, uploadArgs(file, "t/big.bin"));
        slowPartsAndARestartMidUpload(child);
        int exit = child.await(Duration.ofSeconds(120));
        String terminal = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as(terminal).isZero();

        List<String> screen = Screen.lines(terminal);
        List<String> bars = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String segment : Screen.segments(terminal)) {
            if (segment.isBlank()) {
                continue;
            }
            // Every piece of text written between two \r or newlines is one whole thing: a bar, a
            // warning, the command's own lines. A log line inside a bar would match none of them.
            if (BAR.matcher(segment.stripTrailing()).matches()) {
                bars.add(segment);
            } else if (WARN_LINE.matcher(segment).matches()) {
                warnings.add(segment);
            } else {
                assertThat(segment).as("a segment of the terminal's output, in:\n%s", terminal)
                        .matches("restarting big\\.bin from the first part: upload gone \\(.*\\)"
                                + "|uploaded " + Pattern.quote(file.toString()) + " to oss://test-bucket/t/big\\.bin .*");
            }
        }
        assertThat(terminal).as("no INFO line on a terminal").doesNotContain(" INFO ")
                .doesNotContain("upload started").doesNotContain("upload completed").doesNotContain("credentials loaded");
        System.out.printf("upload on a terminal: %d bar draws, %d warning lines, %d screen lines%n", bars.size(),
                warnings.size(), screen.size());
        assertThat(bars).as(terminal).hasSizeGreaterThan(2);
        assertThat(warnings).as(terminal).anyMatch(w -> w.contains("upload restarted") && w.contains("upload gone"));

        // As the screen shows it: the warning and the restart notice on lines of their own (the bar
        // blanked before, no remnant of it after the text), the bar drawn again on the next line.
        int warning = indexOf(screen, l -> l.contains("upload restarted"));
        assertThat(screen.get(warning)).as(terminal).matches(WARN_LINE).doesNotContain("[=");
        int notice = indexOf(screen, l -> l.startsWith("restarting big.bin"));
        assertThat(screen.get(notice)).as(terminal).doesNotContain("[=").doesNotContain("MiB/s");
        assertThat(Screen.segmentsOf(terminal, Math.max(warning, notice) + 1)).as(terminal)
                .anyMatch(s -> BAR.matcher(s.stripTrailing()).matches());
        // The last bar line ends at 100%, the result on the line after it.
        assertThat(screen.get(screen.size() - 2)).as(terminal).startsWith("big.bin 100% [");
        assertThat(screen.get(screen.size() - 1)).startsWith("uploaded " + file + " to oss://test-bucket/t/big.bin (40 MiB, 40 parts, 0 resumed, 1 restarts, crc64 ");
        assertObjectIsTheFile(file, "t/big.bin");
    }

    @Test
    void quietOnATerminalPrintsOnlyTheWarning() throws Exception {
        Path file = TestFiles.random(tmp.resolve("big.bin"), 24 * MIB, 16);
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(60));
        Path log = tmp.resolve("quiet.out");
        ChildJvm child = ChildJvm.ossyncOnTerminal(env(), log, uploadArgs(file, "q/big.bin", "--quiet"));
        slowPartsAndARestartMidUpload(child);
        int exit = child.await(Duration.ofSeconds(120));
        String terminal = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as(terminal).isZero();
        // No bar, no progress, no INFO, no result line: the restart's warning alone.
        assertThat(Screen.lines(terminal)).as(terminal).singleElement().asString()
                .matches(WARN_LINE).contains("upload restarted").contains("upload gone");
        assertThat(terminal).doesNotContain("\r" + "big.bin");
        assertObjectIsTheFile(file, "q/big.bin");
    }

    @Test
    void jsonPrintsOneObjectOnStdoutAndTheLogsOnStderr() throws Exception {
        Path file = TestFiles.random(tmp.resolve("j.bin"), 3 * MIB + 12345, 17);
        Path out = tmp.resolve("json.out");
        Path err = tmp.resolve("json.err");
        ChildJvm child = ChildJvm.ossync(env(), out, err, uploadArgs(file, "j/j.bin", "--json"));
        int exit = child.await(Duration.ofSeconds(120));
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertThat(exit).as(stderr).isZero();

        assertThat(stdout.lines()).as(stdout).hasSize(1);
        JsonNode result = JSON.readTree(stdout);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("file").asText()).isEqualTo(file.toString());
        assertThat(result.get("bucket").asText()).isEqualTo("test-bucket");
        assertThat(result.get("key").asText()).isEqualTo("j/j.bin");
        assertThat(result.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(result.get("crc64").asText()).isEqualTo(Long.toUnsignedString(Crc64.of(bytes)));
        assertThat(result.get("how").asText()).isEqualTo("whole");
        assertThat(result.get("parts").asInt()).isEqualTo(4);
        assertThat(result.get("bytes_sent").asLong()).isEqualTo(bytes.length);
        assertThat(result.get("etag").asText()).isNotBlank();
        assertThat(result.get("seconds").asDouble()).isPositive();
        // The logs moved to stderr, all of them (INFO included: --json alone does not quieten).
        assertThat(stderr).contains("upload completed");
        try (RemoteObjects remote = remote()) {
            byte[] object = remote.bytes("test-bucket", "j/j.bin");
            assertThat(Long.toUnsignedString(Crc64.of(object))).isEqualTo(result.get("crc64").asText());
            assertThat(TestFiles.sha256(new java.io.ByteArrayInputStream(object))).isEqualTo(TestFiles.sha256(file));
        }
    }

    @Test
    void jsonFailureIsOneObjectWithTheExitCode() throws Exception {
        Path file = TestFiles.random(tmp.resolve("f.bin"), 1000, 18);
        Path out = tmp.resolve("fail.out");
        Path err = tmp.resolve("fail.err");
        ChildJvm child = ChildJvm.ossync(env(), out, err, "upload", file.toString(), "oss://no-such-bucket/k", "--json",
                "--state", tmp.resolve("state.db").toString());
        int exit = child.await(Duration.ofSeconds(120));
        String stdout = Files.readString(out);
        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(stdout.lines()).as(stdout).hasSize(1);
        JsonNode result = JSON.readTree(stdout);
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("bucket").asText()).isEqualTo("no-such-bucket");
        assertThat(result.get("error").asText()).contains("NoSuchBucket");
        assertThat(result.get("exit_code").asInt()).isEqualTo(ExitCodes.FAILURE);
        assertThat(Files.readString(err)).contains("ossync: ").contains("NoSuchBucket");
    }

    private RemoteObjects remote() {
        return new RemoteObjects(emulator.endpoint(), EmulatorExtension.REGION,
                EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET);
    }

    private void assertObjectIsTheFile(Path file, String key) throws Exception {
        try (RemoteObjects remote = remote()) {
            assertThat(remote.sha256("test-bucket", key)).isEqualTo(TestFiles.sha256(file));
            assertThat(remote.openUploads("test-bucket", "")).isEmpty();
        }
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> which) {
        for (int i = 0; i < lines.size(); i++) {
            if (which.test(lines.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such line in:\n" + String.join("\n", lines));
    }

    /** A terminal's output read as a screen shows it: {@code \r} goes back to the first column and overwrites. */
    static final class Screen {

        private Screen() {
        }

        /** The lines written (the terminal turns each newline into {@code \r\n}). */
        static List<String> rawLines(String terminal) {
            String text = terminal.replace("\r\n", "\n");
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            return List.of(text.split("\n", -1));
        }

        /** The lines as they stay on the screen, trailing blanks stripped, blank lines left out. */
        static List<String> lines(String terminal) {
            List<String> shown = new ArrayList<>();
            for (String raw : rawLines(terminal)) {
                StringBuilder line = new StringBuilder();
                for (String segment : raw.split("\r", -1)) {
                    // Each segment starts in the first column and overwrites what it covers.
                    for (int i = 0; i < segment.length(); i++) {
                        if (i < line.length()) {
                            line.setCharAt(i, segment.charAt(i));
                        } else {
                            line.append(segment.charAt(i));
                        }
                    }
                }
                String s = line.toString().stripTrailing();
                if (!s.isEmpty()) {
                    shown.add(s);
                }
            }
            return shown;
        }

        /** Every piece of text between two {@code \r} or newlines, in order. */
        static List<String> segments(String terminal) {
            List<String> all = new ArrayList<>();
            for (String raw : rawLines(terminal)) {
                all.addAll(List.of(raw.split("\r", -1)));
            }
            return all;
        }

        /** The segments of the shown line {@code index} (as {@link #lines} counts them). */
        static List<String> segmentsOf(String terminal, int index) {
            int shown = -1;
            for (String raw : rawLines(terminal)) {
                if (!lines(raw).isEmpty() && ++shown == index) {
                    return List.of(raw.split("\r", -1));
                }
            }
            return List.of();
        }
    }
}
