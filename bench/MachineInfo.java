import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a benchmark ran on: CPUs, memory, disk, Java. Read from /proc and the tools themselves. */
record MachineInfo(int cpus, String cpuModel, long memoryMiB, String java, String disk, String gnuTime) {

    static MachineInfo collect(Path work) throws IOException, InterruptedException {
        String model = "?";
        long memKiB = 0;
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                model = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memKiB = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        String javaHome = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String java = String.join("; ", output(List.of(javaHome, "-version")).strip().lines().toList());
        String disk = output(List.of("df", "-h", "--output=source,fstype,size,avail", work.toString()))
                .lines().skip(1).findFirst().orElse("?").trim().replaceAll("\\s+", " ");
        String time = Files.isExecutable(Path.of("/usr/bin/time")) ? "GNU time (%U %S %M)" : "polled /proc/PID/status VmHWM";
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), model, memKiB / 1024, java, disk, time);
    }

    String oneLine() {
        return cpus + " CPUs (" + cpuModel + "), " + memoryMiB + " MiB RAM, " + java;
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows here. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
