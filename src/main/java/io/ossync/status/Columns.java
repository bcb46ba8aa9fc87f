package io.ossync.status;

import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned text columns two spaces apart, each line indented. The last cell of a row is never
 * padded and does not widen its column, so one long cell (a reason, a corrupt row's problem) ends
 * its line without pushing every other row's columns to the right.
 */
final class Columns {

    private static final String GAP = "  ";

    private final String indent;
    private final List<List<String>> rows = new ArrayList<>();

    Columns(String indent) {
        this.indent = indent;
    }

    Columns row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    /** The rows, one a line, each ending with {@code lineSeparator}. */
    String render(String lineSeparator) {
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() - 1; i++) {
                if (widths.size() <= i) {
                    widths.add(0);
                }
                widths.set(i, Math.max(widths.get(i), row.get(i).length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths.get(i) - cell.length())).append(GAP);
                }
            }
            out.append(line.toString().stripTrailing()).append(lineSeparator);
        }
        return out.toString();
    }
}
