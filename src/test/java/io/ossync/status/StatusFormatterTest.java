package io.ossync.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ossync.queue.Failure;
import io.ossync.queue.Job;
import io.ossync.roots.RootRecord;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobState;
import io.ossync.util.ByteSize;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Text and JSON of hand-built reports: pure, no database. */
class StatusFormatterTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:15:30.250Z");
    private static final Path DB = Path.of("/var/lib/ossync/state.db");

    private static StatusReport empty() {
        return new StatusReport(DB, 2, NOW, new StatusReport.JobCounts(0, 0, 0, Optional.empty()), List.of(),
                List.of(), List.of(), new StatusReport.LedgerSummary(0, Optional.empty()), List.of());
    }

    private static StatusReport busy() {
        InFlightUpload.Progress big = new InFlightUpload.Progress(7, Path.of("/data/logs/big.bin"), "bkt",
                "host1/logs/big.bin", Optional.of("UPLOAD-7"), 8 * ByteSize.MIB, 24 * ByteSize.MIB,
                100 * ByteSize.MIB, 3, 13, Instant.parse("2026-11-20T10:00:01.900Z"), 1);
        InFlightUpload.Progress fresh = new InFlightUpload.Progress(9, Path.of("/data/a"), "bkt", "a",
                Optional.empty(), 8 * ByteSize.MIB, 0, 512 * ByteSize.KIB, 0, 1, Instant.parse("2026-11-20T10:15:00Z"), 0);
        InFlightUpload.Corrupt corrupt = new InFlightUpload.Corrupt(8, "/data/x.bin", "bkt", null,
                "upload row 8 fails its checksum");
        List<Failure> failures = List.of(
                new Failure(Path.of("/data/locked.db"), JobKind.UPLOAD, 5, "permission denied", NOW.minusSeconds(60), true,
                        30),
                new Failure(Path.of("/data/logs/big.bin"), JobKind.UPLOAD, 1, "connection reset\nby peer",
                        Instant.parse("2026-11-20T09:00:00Z"), false));
        Job setAside = new Job(3, Path.of("/data/locked.db"), Path.of("/data"), JobKind.UPLOAD, 5, NOW.minusSeconds(60),
                NOW.minusSeconds(3600), "permission denied", JobState.SET_ASIDE);
        return new StatusReport(DB, 2, NOW, new StatusReport.JobCounts(4, 2, 1, Optional.of(Duration.ofSeconds(252))),
                List.of(big, corrupt, fresh), failures, List.of(setAside),
                new StatusReport.LedgerSummary(1234, Optional.of(NOW.minusSeconds(330))), List.of());
    }

    @Test
    void anEmptyReportIsThreeSummaryLinesAndThreeEmptySections() {
        assertThat(StatusFormatter.text().format(empty()).lines()).containsExactly(
                "state   /var/lib/ossync/state.db (schema 2) at 2026-11-20T10:15:30Z",
                "jobs    0 pending, 0 running, 0 set aside",
                "ledger  0 files uploaded; no verified upload yet",
                "",
                "uploads in flight: none",
                "",
                "latest failures: none",
                "",
                "set aside: none");
    }

    @Test
    void aBusyReportIsAlignedWithHumanSizesAndAges() {
        assertThat(StatusFormatter.text().format(busy()).lines()).containsExactly(
                "state   /var/lib/ossync/state.db (schema 2) at 2026-11-20T10:15:30Z",
                "jobs    4 pending, 2 running, 1 set aside; oldest pending waiting 4m 12s",
                "ledger  1234 files uploaded; last verified upload 2026-11-20T10:10:00Z (5m 30s ago)",
                "",
                "uploads in flight: 3",
                "  FILE                KEY                 DONE                       PARTS  STARTED                            RESTARTS",
                "  /data/logs/big.bin  host1/logs/big.bin  24 MiB of 100 MiB (24.0%)  3/13   2026-11-20T10:00:01Z               1",
                "  /data/x.bin         ?                   CORRUPT checkpoint 8: upload row 8 fails its checksum",
                "  /data/a             a                   0 B of 512 KiB (0.0%)      0/1    2026-11-20T10:15:00Z (initiating)  0",
                "",
                "latest failures: 2 (newest first)",
                "  TIME                  TIMES  ATTEMPTS  THEN       FILE                REASON",
                "  2026-11-20T10:14:30Z  x30    5         set aside  /data/locked.db     permission denied",
                "  2026-11-20T09:00:00Z  x1     1         retry      /data/logs/big.bin  connection reset?by peer",
                "",
                "set aside: 1 (until the file changes)",
                "  FILE             ATTEMPTS  REASON",
                "  /data/locked.db  5         permission denied");
    }

    @Test
    void heldDeletionsComeFirstInTextAndAreListedInJson() throws Exception {
        RootRecord held = new RootRecord(Path.of("/data/in"), "(dev=803,ino=77)", Optional.of(new RootRecord.Hold(
                "root replaced (device or inode changed)", 14, 14, NOW.minusSeconds(90))), false);
        StatusReport report = new StatusReport(DB, 5, NOW, new StatusReport.JobCounts(0, 0, 0, Optional.empty()),
                List.of(), List.of(), List.of(), new StatusReport.LedgerSummary(14, Optional.empty()), List.of(held));

        List<String> lines = StatusFormatter.text().format(report).lines().toList();
        assertThat(lines.subList(3, 7)).containsExactly(
                "",
                "deletions held: 1 (until the files return, or: ossync confirm-deletes)",
                "  ROOT      SINCE                 MISSING   REASON",
                "  /data/in  2026-11-20T10:14:00Z  14 of 14  root replaced (device or inode changed)");
        JsonNode json = new ObjectMapper().readTree(StatusFormatter.json().format(report)).get("deletions_held");
        assertThat(json.toString()).isEqualTo("[{\"root\":\"/data/in\",\"reason\":\"root replaced (device or inode "
                + "changed)\",\"missing\":14,\"known\":14,\"since\":\"2026-11-20T10:14:00.250Z\",\"confirmed\":false}]");
    }

    @Test
    void controlCharactersInFileNamesCannotReachTheTerminal() {
        assertThat(TextStatusFormatter.clean("a\u001b[2Jb\u0007c\u009bd\té"))
                .isEqualTo("a?[2Jb?c?d?é");
    }

    @Test
    void theJsonHasEveryDocumentedKeyWithItsValue() throws Exception {
        JsonNode json = new ObjectMapper().readTree(StatusFormatter.json().format(busy()));

        assertThat(names(json)).containsExactly("schema_version", "generated_at", "state_database", "jobs",
                "uploads_in_flight", "recent_failures", "set_aside", "ledger", "deletions_held", "credentials");
        assertThat(json.get("schema_version").asInt()).isEqualTo(1);
        assertThat(json.get("generated_at").asText()).isEqualTo("2026-11-20T10:15:30.250Z");
        assertThat(json.get("state_database").toString()).isEqualTo("{\"path\":\"/var/lib/ossync/state.db\",\"schema\":2}");
        assertThat(json.get("jobs").toString())
                .isEqualTo("{\"pending\":4,\"running\":2,\"set_aside\":1,\"oldest_pending_age_seconds\":252}");
        assertThat(json.get("ledger").toString())
                .isEqualTo("{\"files\":1234,\"last_upload_at\":\"2026-11-20T10:10:00.250Z\"}");

        List<String> uploadKeys = List.of("checkpoint_id", "corrupt", "problem", "path", "bucket", "key", "upload_id",
                "part_size", "bytes_done", "bytes_total", "percent", "parts_done", "parts_total", "started_at",
                "restarts");
        JsonNode uploads = json.get("uploads_in_flight");
        assertThat(uploads).hasSize(3);
        uploads.forEach(u -> assertThat(names(u)).containsExactlyElementsOf(uploadKeys));
        JsonNode big = uploads.get(0);
        assertThat(big.get("checkpoint_id").asLong()).isEqualTo(7);
        assertThat(big.get("corrupt").asBoolean()).isFalse();
        assertThat(big.get("problem").isNull()).isTrue();
        assertThat(big.get("path").asText()).isEqualTo("/data/logs/big.bin");
        assertThat(big.get("key").asText()).isEqualTo("host1/logs/big.bin");
        assertThat(big.get("upload_id").asText()).isEqualTo("UPLOAD-7");
        assertThat(big.get("bytes_done").asLong()).isEqualTo(25_165_824L);
        assertThat(big.get("bytes_total").asLong()).isEqualTo(104_857_600L);
        assertThat(big.get("percent").asDouble()).isEqualTo(24.0);
        assertThat(big.get("parts_done").asInt()).isEqualTo(3);
        assertThat(big.get("parts_total").asInt()).isEqualTo(13);
        assertThat(big.get("started_at").asText()).isEqualTo("2026-11-20T10:00:01.900Z");
        assertThat(big.get("restarts").asInt()).isEqualTo(1);
        JsonNode corrupt = uploads.get(1);
        assertThat(corrupt.get("corrupt").asBoolean()).isTrue();
        assertThat(corrupt.get("problem").asText()).isEqualTo("upload row 8 fails its checksum");
        assertThat(corrupt.get("key").isNull()).isTrue();
        assertThat(uploadKeys.subList(6, uploadKeys.size())).allSatisfy(k -> assertThat(corrupt.get(k).isNull()).isTrue());
        assertThat(uploads.get(2).get("upload_id").isNull()).isTrue();

        JsonNode failures = json.get("recent_failures");
        assertThat(failures).hasSize(2);
        failures.forEach(f -> assertThat(names(f))
                .containsExactly("path", "kind", "reason", "failed_at", "attempts", "set_aside", "count"));
        assertThat(failures.get(0).get("count").asInt()).isEqualTo(30);
        assertThat(failures.get(1).toString()).isEqualTo("{\"path\":\"/data/logs/big.bin\",\"kind\":\"upload\","
                + "\"reason\":\"connection reset\\nby peer\",\"failed_at\":\"2026-11-20T09:00:00Z\",\"attempts\":1,"
                + "\"set_aside\":false,\"count\":1}");
        assertThat(json.get("set_aside").toString()).isEqualTo("[{\"path\":\"/data/locked.db\",\"kind\":\"upload\","
                + "\"reason\":\"permission denied\",\"attempts\":5}]");
    }

    @Test
    void theJsonOfAnEmptyReportKeepsEveryKeyWithNullsAndEmptyLists() throws Exception {
        JsonNode json = new ObjectMapper().readTree(StatusFormatter.json().format(empty()));

        assertThat(json.get("jobs").get("oldest_pending_age_seconds").isNull()).isTrue();
        assertThat(json.get("ledger").get("last_upload_at").isNull()).isTrue();
        assertThat(json.get("uploads_in_flight").isArray()).isTrue();
        assertThat(json.get("uploads_in_flight")).isEmpty();
        assertThat(json.get("recent_failures")).isEmpty();
        assertThat(json.get("set_aside")).isEmpty();
    }

    @Test
    void longPathsAreCutInTheMiddleInTextAndKeptWholeInJson() throws Exception {
        String deep = "/data/in/" + "sub-folder/".repeat(110) + "report-2026-11-20.txt";
        assertThat(deep).hasSizeGreaterThan(1200);
        Path file = Path.of(deep);
        InFlightUpload.Progress upload = new InFlightUpload.Progress(7, file, "bkt", "in" + deep, Optional.of("U"),
                ByteSize.MIB, 0, 10 * ByteSize.MIB, 0, 10, NOW, 0);
        Failure failure = new Failure(file, JobKind.UPLOAD, 2, "permission denied", NOW, true);
        Job job = new Job(3, file, Path.of("/data/in"), JobKind.UPLOAD, 2, NOW, NOW, "permission denied", JobState.SET_ASIDE);
        StatusReport report = new StatusReport(DB, 2, NOW, new StatusReport.JobCounts(0, 1, 1, Optional.empty()),
                List.of(upload), List.of(failure), List.of(job), new StatusReport.LedgerSummary(0, Optional.empty()), List.of());

        String text = StatusFormatter.text().format(report);
        String cell = "/data/in/sub-folder/sub-folder…-folder/report-2026-11-20.txt";
        assertThat(cell).hasSize(TextStatusFormatter.PATH_WIDTH);
        assertThat(text.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(200).doesNotContain("sub-folder/".repeat(3)));
        assertThat(text.lines().filter(line -> line.contains(cell))).hasSize(3);
        assertThat(text).contains("  in/data/in/sub-folder/sub-fold…-folder/report-2026-11-20.txt  ");

        JsonNode json = new ObjectMapper().readTree(StatusFormatter.json().format(report));
        assertThat(json.get("uploads_in_flight").get(0).get("path").asText()).isEqualTo(deep);
        assertThat(json.get("uploads_in_flight").get(0).get("key").asText()).isEqualTo("in" + deep);
        assertThat(json.get("recent_failures").get(0).get("path").asText()).isEqualTo(deep);
        assertThat(json.get("set_aside").get(0).get("path").asText()).isEqualTo(deep);
    }

    @Test
    void aShortPathKeepsItsStartAndItsFileName() {
        assertThat(ShortPath.shorten("/data/a.txt", 20)).isEqualTo("/data/a.txt");
        assertThat(ShortPath.shorten("/" + "a".repeat(19), 20)).isEqualTo("/" + "a".repeat(19));
        assertThat(ShortPath.shorten("/data/aaaa/bbbb/cccc/dddd/x.log", 20)).isEqualTo("/data/aaaa…ddd/x.log");
        // a file name too long for the cell keeps its end (the extension) and the start keeps 10 characters
        assertThat(ShortPath.shorten("/data/in/" + "n".repeat(40) + ".csv", 30)).isEqualTo("/data/in/n…" + "n".repeat(15) + ".csv");
        assertThat(ShortPath.shorten("no-slash-" + "z".repeat(40), 20)).isEqualTo("no-slash-…" + "z".repeat(10));
        // counted in code points: a character outside the BMP is never cut in half
        String emoji = "/data/" + "\uD83D\uDE00".repeat(30) + "/f";
        String cut = ShortPath.shorten(emoji, 20);
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(20);
        assertThat(cut).startsWith("/data/\uD83D\uDE00").endsWith("\uD83D\uDE00/f").contains("…");
    }

    @Test
    void aTimeWithinTheClockToleranceIsNowAndBeyondItIsInTheFuture() {
        assertThat(ledgerLine(NOW.plusMillis(700))).endsWith("(0s ago)");
        assertThat(ledgerLine(NOW.plus(TextStatusFormatter.CLOCK_TOLERANCE))).endsWith("(0s ago)");
        assertThat(ledgerLine(NOW.plus(TextStatusFormatter.CLOCK_TOLERANCE).plusMillis(1)))
                .endsWith("(in the future: check the clocks)");
        assertThat(ledgerLine(NOW.minusSeconds(3))).endsWith("(3s ago)");
    }

    private static String ledgerLine(Instant lastUpload) {
        StatusReport report = new StatusReport(DB, 2, NOW, new StatusReport.JobCounts(0, 0, 0, Optional.empty()),
                List.of(), List.of(), List.of(), new StatusReport.LedgerSummary(1, Optional.of(lastUpload)), List.of());
        return StatusFormatter.text().format(report).lines().filter(l -> l.startsWith("ledger")).findFirst().orElseThrow();
    }

    @Test
    void shortDurationsKeepTheirTwoLargestUnitsRoundedDown() {
        assertThat(ShortDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(ShortDuration.format(Duration.ofMillis(45_999))).isEqualTo("45s");
        assertThat(ShortDuration.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(ShortDuration.format(Duration.ofSeconds(252))).isEqualTo("4m 12s");
        assertThat(ShortDuration.format(Duration.ofHours(2).plusMinutes(3).plusSeconds(59))).isEqualTo("2h 3m");
        assertThat(ShortDuration.format(Duration.ofDays(3).plusHours(4).plusMinutes(5))).isEqualTo("3d 4h");
        assertThat(ShortDuration.format(Duration.ofDays(400))).isEqualTo("400d");
    }

    @Test
    void theLastCellOfARowDoesNotWidenItsColumn() {
        String text = new Columns("> ").row("a", "bb", "c").row("long first", "a very long last cell").row("x", "y")
                .render("\n");
        assertThat(text.lines()).containsExactly(
                "> a           bb  c",
                "> long first  a very long last cell",
                "> x           y");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
