import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/** The scale benchmark's report: one table per tree size, a column per build, each goal marked per build. */
final class ScaleReport {

    private static final double MIB = 1024 * 1024;
    private static final double RSS_GOAL_MIB = 256;
    private static final double RESTART_GOAL_SECONDS = 30;
    private static final double HEAP_GOAL_BYTES = 100;

    /** One measure: its name, goal (blank: none), the figure of a build, and whether that figure meets the goal. */
    private record Row(String measure, String goal, Function<ScaleBench.Figures, String> figure,
                       Predicate<ScaleBench.Figures> met) {
        String cell(ScaleBench.Figures f) {
            return figure.apply(f) + (met == null ? "" : met.test(f) ? " ✅" : " ❌");
        }
    }

    private ScaleReport() {
    }

    private static List<Row> rows(int files) {
        boolean million = files >= 1_000_000;
        String atMillion = million ? "" : " (stated for 1M)";
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("first upload: files/s (spawn → last object received)", "",
                f -> Double.isNaN(f.uploadSeconds()) ? "skipped (FIRST=seed: ledger written by the bench)"
                        : String.format(Locale.ROOT, "%,.0f/s (%.0f s; metric %,d)", f.perSecond(), f.uploadSeconds(),
                        f.uploadedMetric()), null));
        rows.add(new Row("peak RSS during the first upload (VmHWM)", "",
                f -> f.uploadHwm() < 0 ? "skipped" : mib(f.uploadHwm()), null));
        rows.add(new Row("restart to idle (spawn → scan completed and queue empty)", "≤ 30 s" + atMillion,
                f -> String.format(Locale.ROOT, "%.1f s (walk %d ms)", f.restartSeconds(), f.scanMillis()),
                f -> f.restartSeconds() <= RESTART_GOAL_SECONDS));
        rows.add(new Row("re-sent on restart: object writes / request-body bytes", "0",
                f -> f.restartWrites() + " / " + f.restartBytes(), f -> f.restartWrites() == 0 && f.restartBytes() == 0));
        rows.add(new Row("idle CPU after restart", "< 1 % of a core",
                f -> String.format(Locale.ROOT, "%.2f %%", f.idleCpuPercent()), f -> f.idleCpuPercent() < 1));
        rows.add(new Row("RSS idle after restart (VmRSS; VmHWM of that run)", "≤ 256 MiB" + atMillion,
                f -> mib(f.idleRss()) + " (" + mib(f.restartHwm()) + ")", f -> f.idleRss() / MIB <= RSS_GOAL_MIB));
        rows.add(new Row("live heap after a full GC (committed heap)", "",
                f -> mib(f.liveHeap()) + " (" + mib(f.committedHeap()) + "; empty folder " + mib(f.emptyLiveHeap()) + ")", null));
        rows.add(new Row("live heap per watched, uploaded file", "≤ 100 bytes",
                f -> String.format(Locale.ROOT, "%.0f bytes", f.heapPerFile()), f -> f.heapPerFile() <= HEAP_GOAL_BYTES));
        rows.add(new Row("  where the live heap goes (largest classes, instances)", "", ScaleBench.Figures::heapTop, null));
        rows.add(new Row("  where the idle CPU goes (threads by name, CPU seconds)", "", ScaleBench.Figures::idleThreads, null));
        return rows;
    }

    static String markdown(ScaleBench.Settings s, MachineInfo m, String loadAtStart, List<ScaleBench.Build> builds,
                           List<ScaleBench.Figures> all) {
        StringBuilder b = new StringBuilder();
        b.append("# Scale benchmark, ").append(LocalDate.now()).append("\n\n");
        b.append("Machine: ").append(m.oneLine()).append("  \n");
        b.append("Disk: ").append(m.disk()).append("  \n");
        b.append("Load average at start ").append(loadAtStart).append(", at end ").append(MachineInfo.loadAverage()).append("  \n");
        b.append(String.format(Locale.ROOT, "Trees of 16–100-byte files, %d to a folder; idle CPU over %d s. "
                + "Emulator in the bench JVM (loopback), a fresh one per build and size; ossync with its shipped defaults "
                + "(2 workers, quiet period 2 s) plus a metrics listener.%n%n", s.filesPerDir(), s.idleSeconds()));
        for (ScaleBench.Build build : builds) {
            b.append("- **").append(build.label()).append("**: JVM options `").append(String.join(" ", build.javaOptions()))
                    .append("` (").append(build.optionsSource()).append(")\n");
        }
        for (int files : s.sizes()) {
            List<ScaleBench.Figures> of = all.stream().filter(f -> f.files() == files).toList();
            if (of.isEmpty()) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "%n## %,d files%n%n| measure | goal |", files));
            of.forEach(f -> b.append(' ').append(f.build().label()).append(" |"));
            b.append("\n|---|---|").append("---|".repeat(of.size())).append('\n');
            for (Row r : rows(files)) {
                b.append("| ").append(r.measure()).append(" | ").append(r.goal()).append(" |");
                of.forEach(f -> b.append(' ').append(r.cell(f)).append(" |"));
                b.append('\n');
            }
        }
        b.append("\nFirst upload: from the spawn of `ossync run` (fresh state database) until the emulator has received "
                + "one object write (PutObject, Complete, CopyObject) per file; \"metric\" is the daemon's "
                + "`ossync_files_uploaded_total` once its queue is empty. Restart: SIGTERM, then a new `ossync run` on the "
                + "same state database. Live heap: `jcmd PID GC.class_histogram` (a full GC first) total; per file = "
                + "(live heap at N − live heap on an empty folder, same build and run) / N. RSS after the idle period, "
                + "before the full GC.\n");
        return b.toString();
    }

    /** Tab-separated rows for bench/run: measure, this build, the previous build (named), goal with its mark (or -). */
    static String summaryRows(List<ScaleBench.Build> builds, List<ScaleBench.Figures> all) {
        StringBuilder out = new StringBuilder();
        for (ScaleBench.Figures f : all) {
            if (!f.build().equals(builds.get(0))) {
                continue;
            }
            ScaleBench.Figures base = all.stream().filter(o -> o.files() == f.files() && !o.build().equals(builds.get(0)))
                    .findFirst().orElse(null);
            for (Row r : rows(f.files())) {
                String goal = r.goal().isEmpty() ? "" : r.goal() + (r.met().test(f) ? " ✅" : " ❌");
                out.append(String.format(Locale.ROOT, "scale %,d: %s\t%s\t%s\t%s%n", f.files(), r.measure(),
                        r.figure().apply(f), base == null ? "no previous build given"
                                : base.build().label() + ": " + r.figure().apply(base), goal.isEmpty() ? "-" : goal));
            }
        }
        return out.toString();
    }

    private static String mib(long bytes) {
        return WatchClients.mib(bytes);
    }
}
