package io.ossync.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ossync.queue.Failure;
import io.ossync.queue.Job;
import io.ossync.roots.RootRecord;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The status as JSON, for scripts and monitoring. The schema is stable: a key is never renamed,
 * removed or given another type without a new {@code schema_version}; new keys may appear. Every
 * key below is always present (null where the text says so). Keys are snake_case; times are
 * ISO-8601 UTC strings ({@code 2026-11-20T10:15:30.123Z}); sizes are bytes; paths are absolute.
 *
 * <pre>
 * {
 *   "schema_version": 1,
 *   "generated_at": TIME,                        when the database was read
 *   "state_database": { "path": PATH, "schema": INT },
 *   "jobs": {
 *     "pending": INT, "running": INT, "set_aside": INT,
 *     "oldest_pending_age_seconds": INT | null   whole seconds; null when none is pending
 *   },
 *   "uploads_in_flight": [                       one per checkpoint, oldest first
 *     {
 *       "checkpoint_id": INT,
 *       "corrupt": BOOL,                         true: the row fails its checksum; see "problem"
 *       "problem": STRING | null,                why it is corrupt; null when it is not
 *       "path": PATH | null, "bucket": STRING | null, "key": STRING | null,   (null only if corrupt)
 *       "upload_id": STRING | null,              null while Initiate is unanswered, or if corrupt
 *       "part_size": INT | null,                 this and every key below: null if corrupt
 *       "bytes_done": INT,                       sum of the sizes of the parts recorded
 *       "bytes_total": INT,                      the file's size when its upload started
 *       "percent": NUMBER,                       bytes_done / bytes_total, rounded down to 0.1
 *       "parts_done": INT,
 *       "parts_total": INT,                      ceil(bytes_total / part_size)
 *       "started_at": TIME,
 *       "restarts": INT                          times this file's upload was started over
 *     }
 *   ],
 *   "recent_failures": [                         at most 10, one per file and reason, newest first
 *     { "path": PATH, "kind": "upload" | "delete", "reason": STRING,
 *       "failed_at": TIME,                       the latest time
 *       "attempts": INT,                         failed attempts of the job counting the latest time
 *       "set_aside": BOOL,                       true: given up on after it; false: retried later
 *       "count": INT }                           how many times this file failed for this reason
 *   ],
 *   "set_aside": [                               oldest first
 *     { "path": PATH, "kind": "upload" | "delete", "reason": STRING | null, "attempts": INT }
 *   ],
 *   "ledger": { "files": INT, "last_upload_at": TIME | null }   last verified upload
 *   "deletions_held": [                          roots whose deletions wait (root replaced, or
 *     { "root": PATH, "reason": STRING,            more gone than max-delete), by path
 *       "missing": INT, "known": INT, "since": TIME, "confirmed": BOOL }
 *   ],
 *   "credentials": {                             null before a daemon recorded them; never a secret
 *     "source": STRING,                          e.g. "uri http://127.0.0.1:8080/creds", "environment (OSS_ACCESS_KEY_ID)"
 *     "expires_at": TIME | null,                 null for permanent keys
 *     "problem": STRING | null,                  why the latest refresh failed; null when it worked
 *     "problem_since": TIME | null,
 *     "recorded_at": TIME }                      when the daemon wrote this
 * }
 * </pre>
 */
final class JsonStatusFormatter implements StatusFormatter {

    /** Bumped on any change that could break a reader of the JSON (see the class comment). */
    static final int SCHEMA_VERSION = 1;

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String format(StatusReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("generated_at", time(report.generatedAt()));
        root.putObject("state_database")
                .put("path", report.stateDatabase().toString())
                .put("schema", report.schemaVersion());
        ObjectNode jobs = root.putObject("jobs")
                .put("pending", report.jobs().pending())
                .put("running", report.jobs().running())
                .put("set_aside", report.jobs().setAside());
        putOrNull(jobs, "oldest_pending_age_seconds", report.jobs().oldestPendingAge().map(d -> d.getSeconds()));
        ArrayNode uploads = root.putArray("uploads_in_flight");
        report.uploads().forEach(upload -> upload(uploads.addObject(), upload));
        ArrayNode failures = root.putArray("recent_failures");
        report.recentFailures().forEach(failure -> failure(failures.addObject(), failure));
        ArrayNode setAside = root.putArray("set_aside");
        report.setAside().forEach(job -> setAside(setAside.addObject(), job));
        ObjectNode ledger = root.putObject("ledger").put("files", report.ledger().files());
        putOrNull(ledger, "last_upload_at", report.ledger().lastUploadAt().map(JsonStatusFormatter::time));
        ArrayNode held = root.putArray("deletions_held");
        report.deletionsHeld().forEach(r -> held(held.addObject(), r));
        if (report.credentials().isPresent()) {
            CredentialsRecord c = report.credentials().get();
            ObjectNode creds = root.putObject("credentials").put("source", c.source());
            putOrNull(creds, "expires_at", c.expiry().map(JsonStatusFormatter::time));
            putOrNull(creds, "problem", c.problem());
            putOrNull(creds, "problem_since", c.problemSince().map(JsonStatusFormatter::time));
            creds.put("recorded_at", time(c.updatedAt()));
        } else {
            root.putNull("credentials");
        }
        try {
            return mapper.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values cannot fail to serialise: " + e, e);
        }
    }

    private static void upload(ObjectNode node, InFlightUpload upload) {
        node.put("checkpoint_id", upload.checkpointId());
        if (upload instanceof InFlightUpload.Progress p) {
            node.put("corrupt", false).putNull("problem");
            node.put("path", p.file().toString()).put("bucket", p.bucket()).put("key", p.key());
            node.put("upload_id", p.uploadId().orElse(null));
            node.put("part_size", p.partSize())
                    .put("bytes_done", p.bytesDone())
                    .put("bytes_total", p.bytesTotal())
                    .put("percent", p.percent())
                    .put("parts_done", p.partsDone())
                    .put("parts_total", p.partsTotal())
                    .put("started_at", time(p.startedAt()))
                    .put("restarts", p.restarts());
        } else if (upload instanceof InFlightUpload.Corrupt c) {
            node.put("corrupt", true).put("problem", c.problem());
            node.put("path", c.file()).put("bucket", c.bucket()).put("key", c.key());
            for (String key : new String[] {"upload_id", "part_size", "bytes_done", "bytes_total", "percent",
                    "parts_done", "parts_total", "started_at", "restarts"}) {
                node.putNull(key);
            }
        }
    }

    private static void failure(ObjectNode node, Failure f) {
        node.put("path", f.path().toString())
                .put("kind", kind(f.kind().name()))
                .put("reason", f.reason())
                .put("failed_at", time(f.failedAt()))
                .put("attempts", f.attempts())
                .put("set_aside", f.setAside())
                .put("count", f.count());
    }

    private static void setAside(ObjectNode node, Job job) {
        node.put("path", job.path().toString())
                .put("kind", kind(job.kind().name()))
                .put("reason", job.lastError())
                .put("attempts", job.attempts());
    }

    private static void held(ObjectNode node, RootRecord root) {
        RootRecord.Hold hold = root.hold().orElseThrow();
        node.put("root", root.root().toString())
                .put("reason", hold.reason())
                .put("missing", hold.missing())
                .put("known", hold.known())
                .put("since", time(hold.since()))
                .put("confirmed", root.confirmed());
    }

    private static <T> void putOrNull(ObjectNode node, String key, Optional<T> value) {
        node.putPOJO(key, value.orElse(null));
    }

    private static String kind(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String time(Instant instant) {
        return instant.toString();
    }
}
