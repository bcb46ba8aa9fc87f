import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The results of one benchmark run as markdown: machine, settings, medians per client, the ratios
 * and goals, the resume test, every run, and the large-file RSS figures.
 */
final class BenchReport {

    private static final double MIB = 1024 * 1024;

    private final UploadBench.Settings settings;
    private final MachineInfo machine;
    private final List<UploadBench.Sample> samples = new ArrayList<>();
    private final List<UploadBench.Sample> large = new ArrayList<>();
    private UploadBench.ResumeTest resume;
    private Map<UploadBench.Client, Double> fixedCosts = Map.of();
    private String largeSkipped;
    private final String loadAtStart = MachineInfo.loadAverage();

    BenchReport(UploadBench.Settings settings, MachineInfo machine) {
        this.settings = settings;
        this.machine = machine;
    }

    MachineInfo machine() {
        return machine;
    }

    void add(UploadBench.Sample s) {
        samples.add(s);
    }

    void addLarge(UploadBench.Sample s) {
        large.add(s);
    }

    void resume(UploadBench.ResumeTest t) {
        resume = t;
    }

    /** Wall seconds of a 1 MiB upload per client: JVM start, set-up, one tiny transfer. */
    void fixedCosts(Map<UploadBench.Client, Double> seconds) {
        fixedCosts = new java.util.EnumMap<>(seconds);
    }

    /** MB/s over the wall time minus the client's fixed cost: the transfer alone, roughly. */
    private double transferMbPerSecond(UploadBench.Sample s) {
        double fixed = fixedCosts.getOrDefault(s.client(), 0.0);
        return s.bytes() / 1e6 / Math.max(1e-3, s.child().wallSeconds() - fixed);
    }

    void largeSkipped(long size, long free) {
        largeSkipped = "skipped: " + size / (long) MIB + " MiB file wanted, only " + free / (long) MIB + " MiB free";
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private double median(UploadBench.Client c, ToDoubleFunction<UploadBench.Sample> f) {
        return median(of(c).stream().map(f::applyAsDouble).toList());
    }

    private double min(UploadBench.Client c, ToDoubleFunction<UploadBench.Sample> f) {
        return of(c).stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private double max(UploadBench.Client c, ToDoubleFunction<UploadBench.Sample> f) {
        return of(c).stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private List<UploadBench.Sample> of(UploadBench.Client c) {
        return samples.stream().filter(s -> s.client() == c).toList();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Upload benchmark, ").append(java.time.LocalDate.now()).append("\n\n");
        md.append("Machine: `nproc` ").append(machine.cpus()).append(" (").append(machine.cpuModel()).append("), ")
                .append(machine.memoryMiB()).append(" MiB RAM, disk ").append(machine.disk()).append("; ")
                .append(machine.java()).append("; load average at start ").append(loadAtStart)
                .append(", at end ").append(MachineInfo.loadAverage()).append(".\n\n");
        md.append("Build: ").append(System.getenv().getOrDefault("BENCH_BUILD", "?")).append(".\n\n");
        md.append(String.format("Setup: %d MiB file of random bytes, %d MiB parts, %d routines (ossync) / taskNum %d (SDK), "
                        + "%d rounds interleaved (order rotated each round%s), each run a fresh key and a fresh state "
                        + "database / checkpoint file. The emulator (V4 signature check, MD5 + CRC-64 of every body, "
                        + "data written to the same disk, no fsync) runs in the bench JVM on 127.0.0.1; every client is "
                        + "a child JVM from the same jar, timed from spawn to exit: **JVM start counted for all three**. "
                        + "Their fixed cost (JVM start, set-up, a 1 MiB upload; median of 3) is %s; the column "
                        + "\"excl. fixed cost\" subtracts it. Client JVM options: %s. MB = 10^6 bytes. CPU and peak "
                        + "RSS by %s.%n%n",
                settings.size() / (long) MIB, settings.partSize() / (long) MIB, settings.routines(), settings.routines(),
                settings.rounds(), settings.warmup() ? ", after an untimed warm-up round" : "", fixedCostText(),
                settings.clientJavaOptions().isEmpty() ? "none (JVM defaults)" : "`" + String.join(" ", settings.clientJavaOptions()) + "`",
                machine.gnuTime()));

        md.append("| client | MB/s median (min–max) | MB/s excl. fixed cost | wall s | client CPU s | emulator CPU s | peak RSS MB |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (UploadBench.Client c : UploadBench.Client.values()) {
            if (of(c).isEmpty()) {
                continue;
            }
            md.append(String.format("| %s | **%.0f** (%.0f–%.0f) | %.0f | %.2f | %.2f | %.2f | %.0f |%n", c.label,
                    median(c, UploadBench.Sample::mbPerSecond), min(c, UploadBench.Sample::mbPerSecond),
                    max(c, UploadBench.Sample::mbPerSecond), median(c, this::transferMbPerSecond),
                    median(c, s -> s.child().wallSeconds()), median(c, s -> s.child().cpuSeconds()),
                    median(c, UploadBench.Sample::emulatorCpuSeconds), median(c, s -> s.child().peakRssKiB() / 1024.0)));
        }
        double ossync = median(UploadBench.Client.OSSYNC, UploadBench.Sample::mbPerSecond);
        double sdk = median(UploadBench.Client.SDK_UPLOAD_FILE, UploadBench.Sample::mbPerSecond);
        double ceiling = median(UploadBench.Client.SDK_PUT, UploadBench.Sample::mbPerSecond);
        double rss = of(UploadBench.Client.OSSYNC).stream().mapToDouble(s -> s.child().peakRssKiB() / 1024.0).max().orElse(0);
        for (UploadBench.Sample s : large) {
            if (s.client() == UploadBench.Client.OSSYNC) {
                rss = Math.max(rss, s.child().peakRssKiB() / 1024.0);
            }
        }
        md.append("\n| goal | measured | |\n|---|---|---|\n");
        md.append(goal("ossync ≥ 1.2 × SDK uploadFile (medians)", String.format("%.2f ×", ossync / sdk), ossync / sdk >= 1.2));
        md.append(goal("ossync ≥ 90 % of the single-PUT ceiling (medians)", String.format("%.0f %%", 100 * ossync / ceiling),
                ossync / ceiling >= 0.9));
        md.append(goal("ossync peak RSS < 200 MB (largest of all its runs)", String.format("%.0f MB", rss), rss < 200));
        if (resume != null) {
            md.append(goal("resume re-sends only unacknowledged parts (≤ routines × part size)",
                    String.format("%.1f MiB re-sent", resume.resent() / MIB), resume.resent() <= resume.bound()));
        }
        md.append(String.format("%nSDK uploadFile reaches %.0f %% of the ceiling. Per round (same round, back to back): "
                + "ossync / SDK uploadFile %s; ossync / ceiling %s.%n", 100 * sdk / ceiling,
                perRound(UploadBench.Client.SDK_UPLOAD_FILE), perRound(UploadBench.Client.SDK_PUT)));

        if (resume != null) {
            md.append(String.format("%n**Resume after kill -9.** ossync was killed %.2f s in, with %d of %d part rows "
                            + "committed; the restart resumed %d parts and took %.2f s. Part bodies received by the "
                            + "emulator over both runs: %d bytes for a %d-byte file, so %d bytes (%.1f MiB, %.2f parts) "
                            + "were sent twice; bound %d × %d MiB = %.0f MiB.%n",
                    resume.killedAfterSeconds(), resume.rowsWhenKilled(), resume.partCount(), resume.partsResumed(),
                    resume.restartSeconds(), resume.partBytesReceived(), resume.fileSize(), resume.resent(),
                    resume.resent() / MIB, resume.resent() / (double) settings.partSize(), settings.routines(),
                    settings.partSize() / (long) MIB, resume.bound() / MIB));
        }

        md.append("\n**Larger file (peak RSS).** ");
        if (largeSkipped != null) {
            md.append(largeSkipped).append("\n");
        } else if (large.isEmpty()) {
            md.append("not run (LARGE_MIB=0)\n");
        } else {
            md.append("\n\n| client | size MiB | MB/s | peak RSS MB | client CPU s | emulator CPU s |\n|---|---|---|---|---|---|\n");
            for (UploadBench.Sample s : large) {
                md.append(String.format("| %s | %d | %.0f | %.0f | %.2f | %.2f |%n", s.client().label,
                        s.bytes() / (long) MIB, s.mbPerSecond(), s.child().peakRssKiB() / 1024.0, s.child().cpuSeconds(),
                        s.emulatorCpuSeconds()));
            }
        }

        md.append("\n<details><summary>Every run</summary>\n\n| round | client | MB/s | wall s | client CPU s | emulator CPU s | peak RSS MB |\n|---|---|---|---|---|---|---|\n");
        for (UploadBench.Sample s : samples) {
            md.append(String.format("| %d | %s | %.0f | %.2f | %.2f | %.2f | %.0f |%n", s.round(), s.client().label,
                    s.mbPerSecond(), s.child().wallSeconds(), s.child().cpuSeconds(), s.emulatorCpuSeconds(),
                    s.child().peakRssKiB() / 1024.0));
        }
        md.append("\n</details>\n");
        return md.toString();
    }

    /** ossync's MB/s over {@code other}'s, round by round. */
    private String perRound(UploadBench.Client other) {
        List<String> ratios = new ArrayList<>();
        for (UploadBench.Sample s : of(UploadBench.Client.OSSYNC)) {
            of(other).stream().filter(o -> o.round() == s.round()).findFirst()
                    .ifPresent(o -> ratios.add(String.format("%.2f", s.mbPerSecond() / o.mbPerSecond())));
        }
        return String.join(", ", ratios);
    }

    private String fixedCostText() {
        if (fixedCosts.isEmpty()) {
            return "not measured";
        }
        List<String> parts = new ArrayList<>();
        fixedCosts.forEach((c, s) -> parts.add(String.format("%s %.2f s", c.label, s)));
        return String.join(", ", parts);
    }

    private static String goal(String goal, String measured, boolean met) {
        return "| " + goal + " | " + measured + " | " + (met ? "met" : "**missed**") + " |\n";
    }
}
