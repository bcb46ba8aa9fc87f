package io.ossync.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code io.ossync.cli.Main} in a real child JVM with the test class path, for tests that
 * kill it with {@code kill -9} or look at its exit code and output as a user would.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code ossync ARGS...} with the given extra environment; output goes to {@code log}. */
    public static Process start(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.ossync.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OSS_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Sends SIGKILL, as {@code kill -9} does, and waits for the process to be gone. */
    public static void kill9(Process p) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -9 " + p.pid() + " failed");
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IOException("process " + p.pid() + " still alive after kill -9");
        }
    }

    /** Waits for the process to end and returns its exit code. */
    public static int await(Process p, long seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish within " + seconds + " s");
        }
        return p.exitValue();
    }

}
