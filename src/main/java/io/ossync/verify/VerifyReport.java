package io.ossync.verify;

import io.ossync.verify.Finding.Kind;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ossync verify} found: how many files were walked, how many are mirrored, and every
 * finding, sorted by path then kind (the order does not depend on the threads' timing).
 *
 * @param files    regular files of the watched folders that the daemon would upload
 * @param complete those mirrored: ledger row for this version, object with the ledger's size and
 *                 CRC-64 (and, with {@code --deep}, file bytes with that CRC-64)
 */
public record VerifyReport(long files, long complete, List<Finding> findings) {

    public VerifyReport {
        findings = findings.stream()
                .sorted(Comparator.comparing((Finding f) -> f.path().toString()).thenComparing(Finding::kind))
                .toList();
    }

    /** True when nothing was found: exit 0. */
    public boolean mirrorComplete() {
        return findings.isEmpty();
    }

    /** The number of findings of each kind, every kind present (0 when none). */
    public Map<Kind, Long> counts() {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            counts.put(k, 0L);
        }
        for (Finding f : findings) {
            counts.merge(f.kind(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * {@code verify: files=N complete=N missing=N differ=N pending=N set_aside=N changed=N unreadable=N}.
     * Every file walked is complete or counted once under a kind, except that {@code unreadable}
     * also counts folders that could not be walked (their files are not in {@code files}).
     */
    public String summaryLine() {
        StringBuilder line = new StringBuilder("verify: files=").append(files).append(" complete=").append(complete);
        counts().forEach((kind, n) -> line.append(' ').append(kind.label()).append('=').append(n));
        return line.toString();
    }
}
