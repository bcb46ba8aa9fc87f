import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the scale benchmark reads of a running JVM: /proc/PID/status fields, CPU ticks per thread name
 * (/proc/PID/task), and through {@code jcmd} (a JDK beside this java) the live heap after a full GC and its largest
 * classes. Linux only.
 */
final class ProcessProbe {

    private ProcessProbe() {
    }

    /** {live bytes after a full GC (the class histogram's total), committed heap bytes (jcmd GC.heap_info)}. */
    static long[] liveHeap(long pid, String histogram) throws Exception {
        long live = -1;
        for (String line : histogram.lines().toList()) {
            if (line.startsWith("Total")) {
                String[] f = line.trim().split("\\s+");
                live = Long.parseLong(f[f.length - 1]);
            }
        }
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        long committed = m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        if (live < 0) {
            throw new IllegalStateException("no Total line from jcmd " + pid + " GC.class_histogram");
        }
        return new long[] {live, committed};
    }

    /** The five classes with the most live bytes in a class histogram: "UnixPath 64.1 MiB, ...". */
    static String largest(String histogram) {
        List<String> top = new ArrayList<>();
        for (String line : histogram.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (top.size() < 5 && f.length >= 4 && f[0].endsWith(":")) {
                String name = f[3].substring(f[3].lastIndexOf('.') + 1);
                top.add(name + " " + WatchClients.mib(Long.parseLong(f[2])) + " (" + f[1] + ")");
            }
        }
        return String.join(", ", top);
    }

    /** CPU ticks (utime + stime) per thread name of a process, from /proc/PID/task (threads that ended are missed). */
    static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[#\\d]+$", "");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    /** The threads that used the most CPU between two samples: "G1 Conc 0.42 s, ...". */
    static String busiest(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue() / 100.0))
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }

    static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + ": " + out);
        }
        return out;
    }

    /** A field of /proc/PID/status in bytes (VmRSS, VmHWM). */
    static long procStatus(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
