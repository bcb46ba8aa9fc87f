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
 * scores an exposure of 2.0 or less, and it agrees with the daemon's defaults. The systemd-analyze
 * checks are skipped where the tool is missing; no systemd needs to run.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("systemd/ossync.service");
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
    void verifyFindsNothingButAPossiblyMissingJava() throws Exception {
        Result r = analyze("verify", UNIT.toString());
        // The unit names /usr/bin/java; a machine without it is not a defect of the unit.
        List<String> complaints = r.output().lines()
                .filter(line -> !line.isBlank())
                .filter(line -> !line.matches(".*Command /usr/bin/java is not executable.*"))
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
        assertThat(lines).anyMatch(l -> l.startsWith("ExecStart=/usr/bin/java ")
                && l.endsWith(" -jar /opt/ossync/ossync.jar run --config /etc/ossync/ossync.yaml"));
        // issue 14: a bounded heap and a collector that returns memory, in the variable the scale
        // benchmark reads from this line; the JVM's default heap is a quarter of RAM
        assertThat(lines).contains("ExecStart=/usr/bin/java $OSSYNC_JAVA_OPTS -XX:+ExitOnOutOfMemoryError "
                + "-jar /opt/ossync/ossync.jar run --config /etc/ossync/ossync.yaml");
        assertThat(lines).filteredOn(l -> l.startsWith("Environment=\"OSSYNC_JAVA_OPTS=")).singleElement()
                .satisfies(l -> assertThat(l).matches(".*-Xmx[0-9]+m .*").contains("-XX:+UseSerialGC").endsWith("\""));
    }
}
