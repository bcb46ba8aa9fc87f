package io.ossync.status;

import io.ossync.queue.Failure;
import io.ossync.queue.Job;
import io.ossync.roots.RootRecord;
import io.ossync.util.ByteSize;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The status for a person: a three-line summary (state database, jobs, ledger), then the uploads
 * in flight, the latest failures and the files set aside, each an aligned table or "none".
 * Sizes are binary units ({@link ByteSize#format}), times ISO-8601 UTC to the second, ages short
 * ({@code 4m 12s}). Control characters in paths and reasons (which come from file names and
 * error messages) are shown as {@code ?}, so that no file name can drive the terminal.
 */
final class TextStatusFormatter implements StatusFormatter {

    private static final String NL = System.lineSeparator();
    private static final String INDENT = "  ";
    /** The widest a FILE or KEY cell gets; the JSON status keeps paths whole. */
    static final int PATH_WIDTH = 60;
    /**
     * How far ahead of this reader's clock a time may be and still count as now: the daemon
     * stamped it with its own reading of the clock (milliseconds, maybe on a clock that NTP is
     * slewing), so a time of this very second may be a little ahead. Beyond this, a clock is wrong.
     */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(2);

    @Override
    public String format(StatusReport report) {
        StringBuilder out = new StringBuilder();
        Columns summary = new Columns("")
                .row("state", clean(report.stateDatabase().toString()) + " (schema " + report.schemaVersion()
                        + ") at " + time(report.generatedAt()))
                .row("jobs", jobs(report.jobs()))
                .row("ledger", ledger(report.ledger(), report.generatedAt()));
        report.credentials().ifPresent(c -> summary.row("credentials", credentials(c, report.generatedAt())));
        out.append(summary.render(NL));
        deletionsHeld(report, out);
        uploads(report, out);
        failures(report, out);
        setAside(report, out);
        return out.toString();
    }

    private static String jobs(StatusReport.JobCounts jobs) {
        String counts = jobs.pending() + " pending, " + jobs.running() + " running, " + jobs.setAside() + " set aside";
        return counts + jobs.oldestPendingAge().map(age -> "; oldest pending waiting " + ShortDuration.format(age))
                .orElse("");
    }

    private static String ledger(StatusReport.LedgerSummary ledger, Instant now) {
        String files = ledger.files() + (ledger.files() == 1 ? " file" : " files") + " uploaded";
        return files + ledger.lastUploadAt()
                .map(at -> "; last verified upload " + time(at) + " (" + ago(at, now) + ")")
                .orElse("; no verified upload yet");
    }

    /** Source, expiry of temporary credentials, and a failing refresh: never a key or secret. */
    private static String credentials(CredentialsRecord c, Instant now) {
        String expiry = c.expiry().map(e -> "temporary, expire" + (e.isAfter(now) ? "s " : "d ") + time(e)
                + " (" + (e.isAfter(now) ? "in " + ShortDuration.format(Duration.between(now, e)) : ago(e, now)) + ")")
                .orElse("permanent keys");
        String problem = c.problem().map(p -> "; REFRESH FAILING" + c.problemSince().map(t -> " since " + time(t))
                .orElse("") + ": " + clean(p)).orElse("");
        return clean(c.source()) + " (" + expiry + ")" + problem + "; recorded " + time(c.updatedAt());
    }

    /** Only when some are held: a warning that needs the operator, so it comes first. */
    private static void deletionsHeld(StatusReport report, StringBuilder out) {
        if (report.deletionsHeld().isEmpty()) {
            return;
        }
        heading(out, "deletions held", report.deletionsHeld().size(),
                " (until the files return, or: ossync confirm-deletes)");
        Columns table = new Columns(INDENT).row("ROOT", "SINCE", "MISSING", "REASON");
        for (RootRecord root : report.deletionsHeld()) {
            RootRecord.Hold hold = root.hold().orElseThrow();
            table.row(cell(root.root().toString()), time(hold.since()), hold.missing() + " of " + hold.known(),
                    clean(hold.reason()) + (root.confirmed() ? " (confirmed: proceeding at the next scan)" : ""));
        }
        out.append(table.render(NL));
    }

    private static void uploads(StatusReport report, StringBuilder out) {
        heading(out, "uploads in flight", report.uploads().size(), "");
        if (report.uploads().isEmpty()) {
            return;
        }
        Columns table = new Columns(INDENT).row("FILE", "KEY", "DONE", "PARTS", "STARTED", "RESTARTS");
        for (InFlightUpload upload : report.uploads()) {
            if (upload instanceof InFlightUpload.Progress p) {
                String done = ByteSize.format(p.bytesDone()) + " of " + ByteSize.format(p.bytesTotal())
                        + " (" + p.percent() + "%)";
                String started = p.uploadId().isPresent() ? time(p.startedAt()) : time(p.startedAt()) + " (initiating)";
                table.row(cell(p.file().toString()), cell(p.key()), done, p.partsDone() + "/" + p.partsTotal(),
                        started, Integer.toString(p.restarts()));
            } else if (upload instanceof InFlightUpload.Corrupt c) {
                table.row(cell(c.file()), cell(c.key()),
                        "CORRUPT checkpoint " + c.checkpointId() + ": " + clean(c.problem()));
            }
        }
        out.append(table.render(NL));
    }

    private static void failures(StatusReport report, StringBuilder out) {
        heading(out, "latest failures", report.recentFailures().size(), " (newest first)");
        if (report.recentFailures().isEmpty()) {
            return;
        }
        // TIMES: how often this file failed for this reason; TIME and the rest are of the latest time.
        Columns table = new Columns(INDENT).row("TIME", "TIMES", "ATTEMPTS", "THEN", "FILE", "REASON");
        for (Failure f : report.recentFailures()) {
            table.row(time(f.failedAt()), "x" + f.count(), Integer.toString(f.attempts()),
                    f.setAside() ? "set aside" : "retry", cell(f.path().toString()), clean(f.reason()));
        }
        out.append(table.render(NL));
    }

    private static void setAside(StatusReport report, StringBuilder out) {
        heading(out, "set aside", report.setAside().size(), " (until the file changes)");
        if (report.setAside().isEmpty()) {
            return;
        }
        Columns table = new Columns(INDENT).row("FILE", "ATTEMPTS", "REASON");
        for (Job job : report.setAside()) {
            table.row(cell(job.path().toString()), Integer.toString(job.attempts()), orUnknown(job.lastError()));
        }
        out.append(table.render(NL));
    }

    private static void heading(StringBuilder out, String title, int count, String note) {
        out.append(NL).append(title).append(": ").append(count == 0 ? "none" : count + note).append(NL);
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String ago(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.plus(CLOCK_TOLERANCE).isNegative()) {
            return "in the future: check the clocks";
        }
        return ShortDuration.format(age) + " ago"; // a time just ahead shows as 0s ago
    }

    /** A path or key as a table cell, cleaned and cut to {@link #PATH_WIDTH}: one deep path must not widen every row. */
    private static String cell(String path) {
        return path == null ? "?" : ShortPath.shorten(clean(path), PATH_WIDTH);
    }

    private static String orUnknown(String text) {
        return text == null ? "?" : clean(text);
    }

    /** The text with every control character (C0, DEL, C1) shown as {@code ?}. */
    static String clean(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                s.append('?');
            } else {
                s.appendCodePoint(cp);
            }
        });
        return s.toString();
    }
}
