package io.ossync.badinput;

import io.ossync.cli.Main;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ossync run} as a child JVM with an environment of the test's choosing and an optional
 * command prefix (e.g. {@code setpriv} to drop the capabilities that let root read any file),
 * logging as installed ({@code logback.xml} of the main code, level from {@code OSSYNC_LOG_LEVEL}).
 * Output (stdout and stderr) goes to a log file; stopped with SIGTERM.
 */
final class ChildDaemon implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildDaemon(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildDaemon start(List<String> prefix, Map<String, String> env, Path log, Path config) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // The production logging setup (format, OSSYNC_LOG_LEVEL), not the tests' logback-test.xml.
        command.add("-Dlogback.configurationFile=" + productionLogback());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.ossync.cli.Main");
        command.addAll(List.of("run", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OSS_") || k.startsWith("OSSYNC_"));
        pb.environment().putAll(env);
        ChildDaemon d = new ChildDaemon(pb.start(), log);
        Awaitility.await("daemon start, log " + log).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!d.process.isAlive()) {
                        throw new AssertionError("daemon exited: " + Files.readString(log));
                    }
                    return Files.readString(log).contains("ossync started");
                });
        return d;
    }

    private static String productionLogback() {
        try {
            return Path.of(Main.class.getResource("/logback.xml").toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    void awaitLog(String fragment, Duration atMost) {
        Awaitility.await("log line containing " + fragment).atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> log().contains(fragment));
    }

    /** SIGTERM; returns the exit code. */
    int terminate() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("daemon did not stop on SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
        // Keep the log where a failed run can be read after the temp folder is gone.
        Path keep = Files.createDirectories(Path.of("target", "daemon-logs", "badinput"));
        Files.copy(log, keep.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
