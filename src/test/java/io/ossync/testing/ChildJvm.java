package io.ossync.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a {@code main} of the test class path, for what one process cannot show
 * about itself: OS file locks held by another process, {@code kill -9}, exit codes and output as
 * a user sees them.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader stdout;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs {@code main} with its stdout readable through {@link #readLine()}. */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        return new ChildJvm(new ProcessBuilder(command(main.getName(), args))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /**
     * Runs {@code ossync ARGS...} with {@code env} as its only {@code OSS_*} and {@code OSSYNC_*}
     * variables; stdout and stderr go to {@code log}.
     */
    public static ChildJvm ossync(Map<String, String> env, Path log, String... args) throws IOException {
        return ossync(List.of(), List.of(), env, log, args);
    }

    /**
     * Runs {@code PREFIX... java JVM_OPTIONS... ossync ARGS...} (a prefix such as {@code setpriv}
     * to drop capabilities) with {@code env} as its only {@code OSS_*} and {@code OSSYNC_*}
     * variables; stdout and stderr go to {@code log}.
     */
    public static ChildJvm ossync(List<String> prefix, List<String> jvmOptions, Map<String, String> env, Path log,
                                  String... args) throws IOException {
        return ossync(prefix, jvmOptions, env, Set.of(), log, args);
    }

    /**
     * {@link #ossync(List, List, Map, Path, String...)} with the variables {@code unset} removed
     * from the inherited environment too (e.g. {@code LANG}, to start it as systemd would).
     */
    public static ChildJvm ossync(List<String> prefix, List<String> jvmOptions, Map<String, String> env,
                                  Set<String> unset, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(command(jvmOptions, "io.ossync.cli.Main", args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OSS_") || k.startsWith("OSSYNC_") || unset.contains(k));
        pb.environment().putAll(env);
        return new ChildJvm(pb.start());
    }

    /** Runs {@code ossync ARGS...} as {@link #ossync(Map, Path, String...)} does, its stdout and stderr kept apart. */
    public static ChildJvm ossync(Map<String, String> env, Path stdout, Path stderr, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(List.of(), "io.ossync.cli.Main", args))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OSS_") || k.startsWith("OSSYNC_"));
        pb.environment().putAll(env);
        return new ChildJvm(pb.start());
    }

    /**
     * Runs {@code ossync ARGS...} as {@link #ossync(Map, Path, String...)} does, on a pseudo-terminal
     * made by util-linux {@code script}: its stdin, stdout and stderr are that terminal, as for a
     * person at a shell. What it wrote on the terminal goes to {@code log}, as the terminal received it
     * (stdout and stderr in the order written, each newline as {@code \r\n}). The terminal has no
     * size ({@code script}'s own stdin is not a terminal), so the bar falls back to 80 columns.
     */
    public static ChildJvm ossyncOnTerminal(Map<String, String> env, Path log, String... args) throws IOException {
        String command = String.join(" ", command(List.of(), "io.ossync.cli.Main", args).stream()
                .map(ChildJvm::shellQuoted).toList());
        // -q: no "Script started" lines; -f: flush as written; -e: exit with the command's code.
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OSS_") || k.startsWith("OSSYNC_"));
        pb.environment().putAll(env);
        pb.environment().put("SHELL", "/bin/sh");
        return new ChildJvm(pb.start());
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static List<String> command(String mainClass, String... args) {
        return command(List.of(), mainClass, args);
    }

    private static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** The next line the child prints, or null when it ended. */
    public String readLine() throws IOException {
        return stdout.readLine();
    }

    /** Reads lines until one starts with {@code prefix}; fails if the child ends first. */
    public String awaitLine(String prefix) throws IOException {
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("child ended without printing '" + prefix + "'");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to end by itself and returns its exit code. */
    public int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child " + pid() + " did not end within " + timeout);
        }
        return process.exitValue();
    }

    /** Closes the child's stdin, which the helpers take as "finish now". */
    public int finish(Duration timeout) throws IOException, InterruptedException {
        process.getOutputStream().close();
        return await(timeout);
    }

    /**
     * SIGKILL, as {@code kill -9}: no shutdown hooks, no finally blocks. The child's output stays
     * readable up to what it printed before it died.
     */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
