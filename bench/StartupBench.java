import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.OssEmulator;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.OssClientTuning;
import io.ossync.store.OssCredentials;
import io.ossync.store.OssEndpoint;
import io.ossync.store.OssObjectStore;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up of the short commands (issue 15): {@code ossync --version}, {@code ossync status --config F}
 * and {@code ossync upload} of a 1 KiB file to the emulator, each through the launcher bin/ossync
 * (shipped JVM options, the class-data-sharing archive next to the jar, C1 only for short commands)
 * and through plain {@code java -jar}, beside the official SDK's {@code uploadFile} of the same file
 * in a fresh JVM ({@code SdkUpload}, same emulator) and a JVM that does nothing ({@code SdkUpload noop}).
 *
 * <p>Run it through {@code bench/startup.sh}: {@code StartupBench WORK_DIR JAR CLASSES_DIR RESULTS_DIR}.
 * ROUNDS (5) rounds, each running every variant once in a rotated order, after WARMUP (1) untimed
 * round; medians, min and max of wall time (spawn to exit) and CPU time (user + system, GNU time).
 * The emulator runs in this JVM. Every run is checked: exit code, the version line, the status
 * report, the uploaded object's size (then deleted).
 */
public final class StartupBench {

    static final String BUCKET = "bench-bucket";
    static final String REGION = "cn-hangzhou";
    static final String KEY_ID = "bench-key-id";
    static final String KEY_SECRET = "bench-key-secret";

    /** One way of running one command. */
    record Variant(String label, String check) {
    }

    private final Path work;
    private final Path jar;
    private final Path classes;
    private final Path launcher;
    private final OssEmulator emulator;
    private final OssObjectStore store;
    private final Path file;
    private final Path config;
    private int run;

    private StartupBench(Path work, Path jar, Path classes, OssEmulator emulator) throws IOException {
        this.work = work;
        this.jar = jar;
        this.classes = classes;
        this.launcher = Path.of("bin/ossync").toAbsolutePath();
        this.emulator = emulator;
        this.store = new OssObjectStore(OssEndpoint.parse(emulator.endpoint(), REGION, false),
                new OssCredentials(KEY_ID, KEY_SECRET, Optional.empty()), OssClientTuning.DEFAULT);
        this.file = work.resolve("tiny-1KiB.bin");
        byte[] bytes = new byte[1024];
        new java.util.SplittableRandom(15).nextBytes(bytes);
        Files.write(file, bytes);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        this.config = work.resolve("ossync.yaml");
        Files.writeString(config, String.join("\n", "target:", "  endpoint: " + emulator.endpoint(), "  region: " + REGION,
                "  bucket: " + BUCKET, "state: " + work.resolve("status.db"), "watches:", "  - path: " + inbox,
                "    prefix: in/", ""));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: StartupBench WORK_DIR JAR CLASSES_DIR RESULTS_DIR (run bench/startup.sh)");
        }
        Path work = Path.of(args[0]);
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path classes = Path.of(args[2]);
        Path results = Path.of(args[3]);
        int rounds = env("ROUNDS", 5);
        int warmup = env("WARMUP", 1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        MachineInfo machine = MachineInfo.collect(work);
        say("machine: " + machine.oneLine());
        String loadBefore = MachineInfo.loadAverage();
        Path archive = jar.resolveSibling("ossync.jsa");
        say("jar " + jar + ", archive " + (Files.exists(archive) ? archive : "none (the launcher runs without one)"));

        Map<String, List<ChildProcess.Result>> samples = new LinkedHashMap<>();
        try (OssEmulator emulator = OssEmulator.start(new EmulatorConfig(work.resolve("emulator-data"), 0,
                List.of(BUCKET), REGION, KEY_ID, KEY_SECRET, null))) {
            StartupBench bench = new StartupBench(work, jar, classes, emulator);
            bench.prepareStatusDatabase();
            List<String> variants = bench.variants();
            for (String v : variants) {
                samples.put(v, new ArrayList<>());
            }
            for (int round = 1 - warmup; round <= rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    String v = variants.get(Math.floorMod(i + round, variants.size()));
                    ChildProcess.Result r = bench.measure(v);
                    if (round >= 1) {
                        samples.get(v).add(r);
                    }
                    say(String.format("round %s %-44s %5.2f s wall  %5.2f s cpu", round < 1 ? "warm-up" : round, v,
                            r.wallSeconds(), r.cpuSeconds()));
                }
            }
        }
        String markdown = report(machine, loadBefore, MachineInfo.loadAverage(), jar, archive, rounds, samples);
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(results);
        Path out = results.resolve("startup-" + LocalDate.now() + ".md");
        for (int n = 2; Files.exists(out); n++) {
            out = results.resolve("startup-" + LocalDate.now() + "-" + n + ".md");
        }
        Files.writeString(out, markdown);
        say("written to " + out);
    }

    static final String LAUNCHER_VERSION = "bin/ossync --version";
    static final String JAR_VERSION = "java -jar ossync.jar --version";
    static final String LAUNCHER_STATUS = "bin/ossync status --config F";
    static final String LAUNCHER_STATUS_C2 = "bin/ossync status --config F, C2 allowed";
    static final String JAR_STATUS = "java -jar ossync.jar status --config F";
    static final String LAUNCHER_UPLOAD = "bin/ossync upload 1 KiB";
    static final String LAUNCHER_UPLOAD_C1 = "bin/ossync upload 1 KiB, C1 only";
    static final String JAR_UPLOAD = "java -jar ossync.jar upload 1 KiB";
    static final String SDK_UPLOAD = "SDK uploadFile 1 KiB (fresh JVM)";
    static final String NOOP = "JVM doing nothing (SdkUpload noop)";

    private List<String> variants() {
        return List.of(LAUNCHER_VERSION, JAR_VERSION, LAUNCHER_STATUS, LAUNCHER_STATUS_C2, JAR_STATUS,
                LAUNCHER_UPLOAD, LAUNCHER_UPLOAD_C1, JAR_UPLOAD, SDK_UPLOAD, NOOP);
    }

    /** A state database with one upload in its ledger, for status to read. */
    private void prepareStatusDatabase() throws IOException, InterruptedException {
        ChildProcess.Result r = ChildProcess.start(javaJar("upload", file.toString(), "oss://" + BUCKET + "/status/seed",
                "--endpoint", emulator.endpoint(), "--region", REGION, "--state", work.resolve("status.db").toString()),
                environment(Map.of()), work.resolve("seed.log")).await(5);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("could not seed the status database:\n" + r.output());
        }
    }

    private ChildProcess.Result measure(String variant) throws IOException, InterruptedException {
        int n = ++run;
        String key = "startup/run-" + n;
        String state = work.resolve("state-" + n + ".db").toString();
        String[] upload = {"upload", file.toString(), "oss://" + BUCKET + "/" + key, "--endpoint", emulator.endpoint(),
                "--region", REGION, "--state", state};
        String[] status = {"status", "--config", config.toString()};
        Map<String, String> extra = Map.of();
        List<String> command = switch (variant) {
            case LAUNCHER_VERSION -> launcher("--version");
            case JAR_VERSION -> javaJar("--version");
            case LAUNCHER_STATUS -> launcher(status);
            case LAUNCHER_STATUS_C2 -> {
                extra = Map.of("OSSYNC_JAVA_OPTS", "-XX:TieredStopAtLevel=4");
                yield launcher(status);
            }
            case JAR_STATUS -> javaJar(status);
            case LAUNCHER_UPLOAD -> launcher(upload);
            case LAUNCHER_UPLOAD_C1 -> {
                extra = Map.of("OSSYNC_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
                yield launcher(upload);
            }
            case JAR_UPLOAD -> javaJar(upload);
            case SDK_UPLOAD -> java("-cp", jar + File.pathSeparator + classes, "SdkUpload", "upload-file", file.toString(),
                    BUCKET, key, emulator.endpoint(), REGION, Long.toString(8L << 20), "4",
                    work.resolve("sdk-" + n + ".ucp").toString());
            case NOOP -> java("-cp", jar + File.pathSeparator + classes, "SdkUpload", "noop");
            default -> throw new IllegalArgumentException(variant);
        };
        ChildProcess.Result r = ChildProcess.start(command, environment(extra), work.resolve("run-" + n + ".log")).await(5);
        check(variant, r, key);
        Files.deleteIfExists(Path.of(state));
        return r;
    }

    private void check(String variant, ChildProcess.Result r, String key) throws IOException {
        if (r.exitCode() != 0) {
            throw new IllegalStateException(variant + " exited with " + r.exitCode() + ":\n" + r.output());
        }
        if (variant.endsWith("--version") && !r.output().matches("ossync \\S+\\R")) {
            throw new IllegalStateException(variant + " printed more or less than its version:\n" + r.output());
        }
        if (variant.contains("status") && !r.output().contains("ledger")) {
            throw new IllegalStateException(variant + " printed no report:\n" + r.output());
        }
        if (variant.contains("upload") || variant.startsWith("SDK")) {
            ObjectInfo head = store.headObject(BUCKET, key)
                    .orElseThrow(() -> new IllegalStateException(variant + " reported success but " + key + " is missing"));
            if (head.size() != Files.size(file)) {
                throw new IllegalStateException(variant + ": object " + key + " has " + head.size() + " bytes");
            }
            store.deleteObject(BUCKET, key);
        }
    }

    private List<String> launcher(String... args) {
        List<String> c = new ArrayList<>(List.of("sh", launcher.toString()));
        c.addAll(Arrays.asList(args));
        return c;
    }

    private List<String> javaJar(String... args) {
        List<String> c = java("-jar", jar.toString());
        c.addAll(Arrays.asList(args));
        return c;
    }

    private static List<String> java(String... args) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        c.addAll(Arrays.asList(args));
        return c;
    }

    /** The launcher runs this bench's jar and this JVM's runtime; credentials for the emulator; INFO logging. */
    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> e = new LinkedHashMap<>(Map.of("OSSYNC_HOME", jar.getParent().toString(),
                "JAVA_HOME", System.getProperty("java.home"), "OSS_ACCESS_KEY_ID", KEY_ID,
                "OSS_ACCESS_KEY_SECRET", KEY_SECRET, "OSSYNC_LOG_LEVEL", "INFO", "OSSYNC_JAVA_OPTS", "",
                "OSS_ENDPOINT", "", "OSS_REGION", ""));
        e.putAll(extra);
        return e;
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String report(MachineInfo machine, String loadBefore, String loadAfter, Path jar, Path archive,
                                 int rounds, Map<String, List<ChildProcess.Result>> samples) {
        Map<String, Double> wall = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        md.append("# Start-up of the short commands, ").append(LocalDate.now()).append("\n\n");
        md.append("| machine | |\n|---|---|\n");
        md.append("| CPUs, memory | ").append(machine.cpus()).append(" (").append(machine.cpuModel()).append("), ")
                .append(machine.memoryMiB()).append(" MiB |\n");
        md.append("| java | ").append(machine.java()).append(" |\n");
        md.append("| build | ").append(System.getenv().getOrDefault("BENCH_BUILD", jar.toString())).append(" |\n");
        md.append("| archive | ").append(Files.exists(archive) ? archive + " (" + size(archive) + ")" : "none").append(" |\n");
        md.append("| load average (1, 5, 15 min) | at start ").append(loadBefore).append(", at end ").append(loadAfter)
                .append(" |\n\n");
        md.append("Medians of ").append(rounds).append(" runs (min–max), spawn to exit; CPU = user + system (")
                .append(machine.gnuTime()).append("). Each round runs every line once, in a rotated order.\n\n");
        md.append("| command | wall s | cpu s |\n|---|---|---|\n");
        for (var e : samples.entrySet()) {
            List<Double> w = e.getValue().stream().map(ChildProcess.Result::wallSeconds).toList();
            List<Double> c = e.getValue().stream().map(ChildProcess.Result::cpuSeconds).toList();
            wall.put(e.getKey(), median(w));
            cpu.put(e.getKey(), median(c));
            md.append(String.format("| %s | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) |%n", e.getKey(), median(w),
                    w.stream().min(Double::compare).orElse(0.0), w.stream().max(Double::compare).orElse(0.0), median(c),
                    c.stream().min(Double::compare).orElse(0.0), c.stream().max(Double::compare).orElse(0.0)));
        }
        md.append("\n| goal | measured | met |\n|---|---|---|\n");
        goal(md, "bin/ossync --version ≤ 0.3 s", wall.get(LAUNCHER_VERSION), 0.3);
        goal(md, "bin/ossync status ≤ 0.5 s", wall.get(LAUNCHER_STATUS), 0.5);
        double ratio = wall.get(LAUNCHER_UPLOAD) / wall.get(SDK_UPLOAD);
        md.append(String.format("| bin/ossync upload 1 KiB ≤ SDK uploadFile (wall ratio) | %.2fx (%.2f s / %.2f s) | %s |%n",
                ratio, wall.get(LAUNCHER_UPLOAD), wall.get(SDK_UPLOAD), ratio <= 1.0 ? "yes" : "no"));
        md.append("\nRatios from this run (the machine's load moves all lines together; compare within a run):\n\n");
        md.append("| ratio | wall | cpu |\n|---|---|---|\n");
        ratio(md, "launcher / java -jar, --version", LAUNCHER_VERSION, JAR_VERSION, wall, cpu);
        ratio(md, "launcher / java -jar, status", LAUNCHER_STATUS, JAR_STATUS, wall, cpu);
        ratio(md, "launcher / java -jar, upload 1 KiB", LAUNCHER_UPLOAD, JAR_UPLOAD, wall, cpu);
        ratio(md, "launcher / SDK uploadFile, upload 1 KiB", LAUNCHER_UPLOAD, SDK_UPLOAD, wall, cpu);
        ratio(md, "java -jar / SDK uploadFile, upload 1 KiB", JAR_UPLOAD, SDK_UPLOAD, wall, cpu);
        ratio(md, "status C1 only (launcher) / C2 allowed", LAUNCHER_STATUS, LAUNCHER_STATUS_C2, wall, cpu);
        ratio(md, "upload 1 KiB C1 only / C2 allowed (launcher)", LAUNCHER_UPLOAD_C1, LAUNCHER_UPLOAD, wall, cpu);
        ratio(md, "launcher --version / JVM doing nothing", LAUNCHER_VERSION, NOOP, wall, cpu);
        return md.toString();
    }

    private static void goal(StringBuilder md, String goal, double measured, double limit) {
        md.append(String.format("| %s | %.2f s | %s |%n", goal, measured, measured <= limit ? "yes" : "no"));
    }

    private static void ratio(StringBuilder md, String label, String a, String b, Map<String, Double> wall,
                              Map<String, Double> cpu) {
        md.append(String.format("| %s | %.2fx | %.2fx |%n", label, wall.get(a) / wall.get(b), cpu.get(a) / cpu.get(b)));
    }

    private static String size(Path p) {
        try {
            return Files.size(p) / (1024 * 1024) + " MiB";
        } catch (IOException e) {
            return "?";
        }
    }

    private static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    static void say(String line) {
        System.out.println("startup: " + line);
        System.out.flush();
    }
}
