package io.ossync.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * {@code ossync verify}'s output.
 *
 * <p>Text: one line per finding, {@code KIND KEY PATH (DETAIL)} ({@code -} for no key), then the
 * summary line ({@link VerifyReport#summaryLine()}).
 *
 * <p>JSON (schema_version 1), one object:
 * <pre>
 * {"schema_version":1, "complete":false,
 *  "summary":{"files":3,"complete":1,"missing":1,"differ":1,"pending":0,"set_aside":0,"changed":0,"unreadable":0},
 *  "findings":[{"kind":"missing","key":"in/a.bin","path":"/srv/in/a.bin","detail":"..."}, ...]}
 * </pre>
 * {@code key} is null when there is none. Findings are sorted by path.
 */
public final class VerifyFormatter {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String text(VerifyReport report) {
        StringBuilder out = new StringBuilder();
        for (Finding f : report.findings()) {
            out.append(f.kind().label()).append(' ').append(f.key() == null ? "-" : f.key()).append(' ')
                    .append(f.path()).append(" (").append(f.detail()).append(")\n");
        }
        return out.append(report.summaryLine()).append('\n').toString();
    }

    public String json(VerifyReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema_version", 1);
        root.put("complete", report.mirrorComplete());
        ObjectNode summary = root.putObject("summary");
        summary.put("files", report.files());
        summary.put("complete", report.complete());
        report.counts().forEach((kind, n) -> summary.put(kind.label(), n));
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            findings.addObject().put("kind", f.kind().label()).put("key", f.key()).put("path", f.path().toString())
                    .put("detail", f.detail());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
