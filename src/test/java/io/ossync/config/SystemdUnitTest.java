package io.ossync.config;

import io.ossync.util.DurationParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * systemd/ossync.service: systemd's own checker finds nothing to say about it, its sandbox
 * scores an exposure of 2.0 or less, and it agrees with the daemon's defaults and the launcher
 * (its JVM settings are conf/jvm.options, the launcher's, not the unit's). The systemd-analyze
 * checks are skipped where the tool is missing; no systemd needs to run.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("systemd/ossync.service");
    private static final Path JVM_OPTIONS = Path.of("conf/jvm.options");
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

    private record Result(int exitCode, String output) {
    }

    private static Result analyze(String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        List<String> command = new java.util.ArrayList<>(List.of(ANALYZE.toString(), "--no-pager"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void verifyFindsNothingButAMissingLauncher() throws Exception {
        Result r = analyze("verify", UNIT.toString());
        // The unit names /usr/bin/ossync, which only the package installs; its absence here is not
        // a defect of the unit.
        List<String> complaints = r.output().lines()
                .filter(line -> !line.isBlank())
                .filter(line -> !line.matches(".*Command /usr/bin/ossync is not executable.*"))
                .toList();
        assertThat(complaints).isEmpty();
        if (r.output().isBlank()) {
            assertThat(r.exitCode()).isZero();
        }
    }

    @Test
    void sandboxExposureIsAtMostTwo() throws Exception {
        Result r = analyze("security", "--offline=true", UNIT.toString());
        Matcher m = Pattern.compile("Overall exposure level for ossync\\.service: (\\d+\\.\\d+)").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThanOrEqualTo(2.0);
    }

    @Test
    void agreesWithTheDaemon() throws IOException {
        List<String> lines = Files.readAllLines(UNIT).stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
        Duration stop = lines.stream().filter(l -> l.startsWith("TimeoutStopSec="))
                .map(l -> DurationParser.parse(l.substring("TimeoutStopSec=".length()))).findFirst().orElseThrow();
        assertThat(stop).isGreaterThan(DaemonConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(lines).contains("EnvironmentFile=/etc/ossync/credentials", "StateDirectory=ossync",
                "SuccessExitStatus=143", "RestartPreventExitStatus=78", "Restart=on-failure", "PrivateTmp=yes",
                // without a UTF-8 locale the JVM decodes file names as ASCII (issue 11)
                "Environment=LANG=C.UTF-8");
        assertThat(lines).noneMatch(l -> l.startsWith("MemoryDenyWriteExecute=yes"));
        // SIGHUP stops the daemon (RunCommand): a reload command would stop the service instead
        assertThat(lines).noneMatch(l -> l.startsWith("ExecReload="));
        // the daemon's default state database is inside the StateDirectory the unit creates
        assertThat(DaemonConfig.DEFAULT_STATE.getParent()).isEqualTo(Path.of("/var/lib/ossync"));
        // the packaged launcher starts the JVM with the shipped settings (conf/jvm.options)
        assertThat(lines).filteredOn(l -> l.startsWith("ExecStart=")).containsExactly(
                "ExecStart=/usr/bin/ossync run --config /etc/ossync/ossync.yaml");
        // one source of truth for the JVM settings: none in the unit
        assertThat(lines).noneMatch(l -> l.contains("OSSYNC_JAVA_OPTS") || l.contains("-Xmx"));
        // glibc's arenas are not a JVM option: the unit keeps them bounded (issue 14)
        assertThat(lines).contains("Environment=MALLOC_ARENA_MAX=2");
    }

    @Test
    void shippedJvmSettingsBoundTheHeap() throws IOException {
        // issue 14: a bounded heap and a collector that returns memory (the JVM's default heap is a
        // quarter of RAM); out of memory ends the process, so that systemd restarts it
        List<String> options = Files.readAllLines(JVM_OPTIONS).stream()
                .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        assertThat(options).anyMatch(o -> o.matches("-Xmx[0-9]+m"))
                .contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
        assertThat(options).allMatch(o -> o.startsWith("-") && !o.contains(" "));
    }
}
