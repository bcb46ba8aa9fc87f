import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs one benchmark client as a child process and measures it: wall time from spawn to exit (JVM
 * start and exit included), CPU time (user, system) and peak resident set size.
 *
 * <p>With GNU time at /usr/bin/time the figures are its {@code %U %S %M} (exact: the kernel's
 * rusage of the child). Without it, a poller reads {@code /proc/PID/status} (VmHWM, the peak RSS,
 * which only grows) and {@code /proc/PID/stat} (utime, stime) every 20 ms; the last sample before
 * exit stands for the whole run, so up to 20 ms of CPU can be missed. The wall time is always
 * measured here, with {@link System#nanoTime()}.
 */
final class ChildProcess {

    private static final Path GNU_TIME = Path.of("/usr/bin/time");
    private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux

    /** What a finished child did. {@code output} is its stdout and stderr, merged. */
    record Result(int exitCode, double wallSeconds, double userSeconds, double systemSeconds, long peakRssKiB,
                  String output, String rssMethod) {
        double cpuSeconds() {
            return userSeconds + systemSeconds;
        }
    }

    /** A child that was started and is still measured. */
    static final class Running {
        private final Process process;
        private final long startNanos;
        private final Path log;
        private final Path timeFile;
        private final Thread poller;
        private final long[] polled; // {VmHWM KiB, utime ticks, stime ticks}

        private Running(Process process, long startNanos, Path log, Path timeFile, Thread poller, long[] polled) {
            this.process = process;
            this.startNanos = startNanos;
            this.log = log;
            this.timeFile = timeFile;
            this.poller = poller;
            this.polled = polled;
        }

        /** The process id of the measured program (the JVM, never the time wrapper). */
        long pid() {
            if (timeFile == null) {
                return process.pid();
            }
            // /usr/bin/time forks the JVM: wait until the child shows up.
            for (int i = 0; i < 500; i++) {
                var child = process.toHandle().children().findFirst();
                if (child.isPresent()) {
                    return child.get().pid();
                }
                sleep(10);
            }
            throw new IllegalStateException("the child of /usr/bin/time did not appear");
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** SIGKILL to the measured program (kill -9), as a crash would. */
        void kill9() throws IOException, InterruptedException {
            long pid = pid();
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IOException("kill -9 " + pid + " failed");
            }
        }

        Result await(long timeoutMinutes) throws IOException, InterruptedException {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("child did not finish in " + timeoutMinutes + " min; see " + log);
            }
            double wall = (System.nanoTime() - startNanos) / 1e9;
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (timeFile != null) {
                // GNU time writes "Command exited with non-zero status N" first when it failed.
                List<String> lines = Files.readAllLines(timeFile);
                String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
                return new Result(process.exitValue(), wall, Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                        Long.parseLong(f[2]), output, "GNU time %M");
            }
            poller.interrupt();
            poller.join();
            synchronized (polled) {
                return new Result(process.exitValue(), wall, polled[1] / CLOCK_TICKS, polled[2] / CLOCK_TICKS,
                        polled[0], output, "VmHWM polled every 20 ms");
            }
        }
    }

    private ChildProcess() {
    }

    /** Starts {@code command} with {@code environment} added, its output going to {@code log}. */
    static Running start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        boolean gnuTime = Files.isExecutable(GNU_TIME);
        Path timeFile = gnuTime ? log.resolveSibling(log.getFileName() + ".time") : null;
        List<String> full = new ArrayList<>();
        if (gnuTime) {
            full.addAll(List.of(GNU_TIME.toString(), "-f", "%U %S %M", "-o", timeFile.toString()));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = pb.start();
        long[] polled = new long[3];
        Thread poller = null;
        if (!gnuTime) {
            long pid = process.pid();
            poller = new Thread(() -> poll(pid, polled), "poll-" + pid);
            poller.setDaemon(true);
            poller.start();
        }
        return new Running(process, start, log, timeFile, poller, polled);
    }

    private static void poll(long pid, long[] polled) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long hwm = -1;
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                String s = Files.readString(stat);
                // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                synchronized (polled) {
                    if (hwm >= 0) {
                        polled[0] = Math.max(polled[0], hwm);
                    }
                    polled[1] = Long.parseLong(f[11]);
                    polled[2] = Long.parseLong(f[12]);
                }
            } catch (IOException | RuntimeException gone) {
                return; // the process has exited (a zombie has no VmHWM) or /proc is unreadable
            }
            if (!sleep(20)) {
                return;
            }
        }
    }

    /** Sleeps; false when interrupted (the flag is restored). */
    static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** CPU time of this JVM so far, in nanoseconds (the in-process emulator's share, between two reads). */
    static LongSupplier ownCpuNanos() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os::getProcessCpuTime;
    }
}
