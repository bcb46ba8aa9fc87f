import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.OssEmulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the watch benchmarks (DaemonBench, LogsBench) share: the two clients they compare, {@code ossync run}
 * on a generated config and the naive SDK poller (NaivePoller.java), started as child JVMs against an emulator
 * on loopback with the same quiet period; an SDK client to read the objects; and the formatting of figures.
 *
 * @param endpoint      the emulator's endpoint
 * @param jar           the ossync jar (run with -jar; carries the SDK for the poller)
 * @param classes       where NaivePoller was compiled
 * @param quietMillis   the quiet period of both clients
 * @param pollerThreads the poller's upload threads (DaemonBench: 1 by default, LogsBench: 2)
 */
record WatchClients(String endpoint, Path jar, Path classes, long quietMillis, int pollerThreads) {

    static final String BUCKET = "bench";
    static final String REGION = "cn-hangzhou";
    static final String KEY_ID = "bench-key-id";
    static final String KEY_SECRET = "bench-key-secret";

    enum Client {
        OSSYNC("ossync run"), NAIVE("naive SDK poller");

        final String label;

        Client(String label) {
            this.label = label;
        }
    }

    /** An emulator in this JVM on a free loopback port, holding BUCKET, with the bench's region and keys. */
    static OssEmulator startEmulator(Path dataDir) throws IOException {
        return OssEmulator.start(new EmulatorConfig(dataDir, 0, List.of(BUCKET), REGION, KEY_ID, KEY_SECRET, null));
    }

    /** An SDK client on the emulator, V4, no retries (a reader polling HEAD must see failures as they are). */
    OSS reader() {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        conf.setMaxErrorRetry(0);
        return OSSClientBuilder.create().endpoint(endpoint).region(REGION).clientConfiguration(conf)
                .credentialsProvider(new DefaultCredentialProvider(KEY_ID, KEY_SECRET)).build();
    }

    /** The client watching {@code watch} into {@code prefix}; its output goes to HOME/PHASE.log. */
    Process start(Client client, Path home, Path watch, String prefix, String phase) throws IOException {
        return start(client, home, watch, prefix, phase, List.of());
    }

    /**
     * As {@link #start(Client, Path, Path, String, String)}, with extra keys for ossync's watch (YAML lines
     * such as {@code max-delay: 5s}; the poller has no such settings).
     */
    Process start(Client client, Path home, Path watch, String prefix, String phase, List<String> extraWatchKeys)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (client == Client.OSSYNC) {
            Path config = writeConfig(home, watch, prefix, phase, extraWatchKeys);
            // OSSYNC_JAVA_OPTS: JVM options for ossync only (e.g. -XX:StartFlightRecording=... to profile it).
            String javaOpts = System.getenv("OSSYNC_JAVA_OPTS");
            if (javaOpts != null && !javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.strip().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
        } else {
            command.addAll(List.of("-cp", jar + ":" + classes, "NaivePoller", watch.toString(), endpoint, REGION,
                    BUCKET, prefix, Long.toString(quietMillis), "300", Integer.toString(pollerThreads)));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(phase + ".log").toFile());
        pb.environment().put("OSS_ACCESS_KEY_ID", KEY_ID);
        pb.environment().put("OSS_ACCESS_KEY_SECRET", KEY_SECRET);
        pb.environment().put("OSSYNC_LOG_LEVEL", "INFO");
        return pb.start();
    }

    /** ossync's config for one watch, with its own state database under HOME/state-PHASE. */
    Path writeConfig(Path home, Path watch, String prefix, String phase, List<String> extraWatchKeys) throws IOException {
        Path state = home.resolve("state-" + phase);
        Path config = home.resolve("ossync-" + phase + ".yaml");
        StringBuilder extra = new StringBuilder();
        for (String k : extraWatchKeys) {
            extra.append("    ").append(k).append('\n');
        }
        Files.writeString(config, """
                target: { endpoint: %s, region: %s, bucket: %s }
                state: %s
                watches:
                  - path: %s
                    prefix: "%s"
                    quiet-period: %dms
                """.formatted(endpoint, REGION, BUCKET, state.resolve("state.db"), watch, prefix, quietMillis) + extra);
        return config;
    }

    /** Whether this build's config accepts the given watch keys: {@code ossync check-config} exits 0. */
    boolean configAccepts(Path home, List<String> extraWatchKeys) throws IOException, InterruptedException {
        Path watch = Files.createDirectories(home.resolve("check-watch"));
        Path config = writeConfig(home, watch, "check/", "check", extraWatchKeys);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "check-config", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("check-config.log").toFile()).start();
        return p.waitFor() == 0;
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: ossync stops cleanly
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    static String awaitLog(Path log, String text, Process p, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("exited before \"" + text + "\": " + Files.readString(log));
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no \"" + text + "\" in " + log + " after " + atMost);
    }

    /**
     * Prints the report and writes it to RESULTS/NAME-DATE.md (-2, -3... when taken); with SUMMARY_FILE set, writes
     * the tab-separated summary rows there too (for bench/run). Returns the report's path.
     */
    static Path writeReport(Path results, String name, String markdown, String summaryRows) throws IOException {
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(results);
        Path out = results.resolve(name + "-" + LocalDate.now() + ".md");
        for (int n = 2; Files.exists(out); n++) {
            out = results.resolve(name + "-" + LocalDate.now() + "-" + n + ".md");
        }
        Files.writeString(out, markdown);
        String summary = System.getenv("SUMMARY_FILE");
        if (summary != null && !summary.isBlank()) {
            Files.writeString(Path.of(summary), summaryRows, StandardCharsets.UTF_8);
        }
        return out;
    }

    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static String goal(String goal, boolean met) {
        return goal + (met ? " ✅" : " ❌");
    }

    static String sec(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** utime + stime of a process, in clock ticks (USER_HZ, 100 a second), from /proc/PID/stat. */
    static long cpuTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The number after {@code key} in a log line ({@code "duration_ms="}), or -1. */
    static long number(String line, String key) {
        int at = line.indexOf(key);
        if (at < 0) {
            return -1;
        }
        String rest = line.substring(at + key.length());
        int end = 0;
        while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Long.parseLong(rest.substring(0, end));
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
