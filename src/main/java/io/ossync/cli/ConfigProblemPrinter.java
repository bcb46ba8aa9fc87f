package io.ossync.cli;

import io.ossync.config.ConfigProblem;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints configuration problems one a line: {@code ossync: config FILE: [warning: ]PATH: PROBLEM}. */
final class ConfigProblemPrinter {

    private ConfigProblemPrinter() {
    }

    static void print(PrintWriter err, Path config, String kind, List<ConfigProblem> problems) {
        for (ConfigProblem p : problems) {
            err.println("ossync: config " + config + ": " + kind + p);
        }
        err.flush();
    }
}
