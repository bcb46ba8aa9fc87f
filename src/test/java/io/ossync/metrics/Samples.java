package io.ossync.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The samples of a Prometheus text exposition, keyed by name and labels as written: {@code a_total{reason="x"}}. */
record Samples(Map<String, Double> values) {

    static Samples parse(String exposition) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Samples(values);
    }

    double get(String series) {
        Double value = values.get(series);
        if (value == null) {
            throw new AssertionError("no sample " + series + " in " + values.keySet());
        }
        return value;
    }

    /** The metric names, without labels and without the _bucket/_count/_sum of histograms. */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String series : values.keySet()) {
            int brace = series.indexOf('{');
            names.add((brace < 0 ? series : series.substring(0, brace)).replaceAll("_(bucket|count|sum)$", ""));
        }
        return names;
    }
}
