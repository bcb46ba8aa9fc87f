package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running out of inotify watches, for real: the intake runs in a child JVM inside a user namespace
 * whose watch limit ({@code user.max_inotify_watches}) is set to 40. Skipped where user namespaces
 * are not available.
 */
class WatchLimitIT {

    private static final int WATCH_LIMIT = 40;

    @TempDir
    Path tmp;

    private Process child;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTreeBeyondTheWatchLimitIsPolledAndEverythingIsStillReleased() throws Exception {
        assumeTrue(userNamespacesWork(), "unshare -Ur is not available here");
        Path small = Files.createDirectories(tmp.resolve("small"));
        Path big = Files.createDirectories(tmp.resolve("big"));
        for (int i = 0; i < 2; i++) {
            touch(small.resolve("s" + i + "/f.txt"));
        }
        for (int i = 0; i < 60; i++) {
            touch(big.resolve("d" + i + "/f.txt"));
        }

        startChild(small, big);

        // At start: the big tree cannot get its 61 watches, the small one keeps watching.
        eventually().until(() -> lines.contains("PROBE MODE big POLLED") && lines.contains("PROBE MODE small WATCHED"));
        eventually().until(() -> count("PROBE READY big ") == 60 && count("PROBE READY small ") == 2);
        touch(big.resolve("d5/new.txt"));
        touch(small.resolve("s0/new.txt"));
        eventually().until(() -> lines.contains("PROBE READY big d5/new.txt") && lines.contains("PROBE READY small s0/new.txt"));

        // Later: new folders in the small tree exhaust the limit while it is being watched.
        for (int i = 0; i < 50; i++) {
            touch(small.resolve("more" + i + "/g.txt"));
        }
        eventually().until(() -> lines.contains("PROBE MODE small POLLED"));
        eventually().until(() -> count("PROBE READY small more") == 50);
        Thread.sleep(1000);
        assertThat(count("PROBE READY big ")).isEqualTo(61);
        assertThat(count("PROBE READY small ")).isEqualTo(53);

        child.getOutputStream().close();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(lines).contains("PROBE CLOSED").noneMatch(line -> line.contains("ERROR"));
    }

    private void startChild(Path... roots) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("unshare", "-Ur", "sh", "-c",
                "echo " + WATCH_LIMIT + " > /proc/sys/user/max_inotify_watches && exec \"$@\"", "probe",
                java, "-cp", System.getProperty("java.class.path"), WatchLimitProbe.class.getName()));
        for (Path root : roots) {
            command.add(root.toString());
        }
        child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("reader failed: " + e);
            }
        }, "probe-output");
        reader.setDaemon(true);
        reader.start();
    }

    private long count(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    private ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .conditionEvaluationListener(condition -> {
                    if (!child.isAlive()) {
                        throw new AssertionError("probe exited early: " + lines);
                    }
                });
    }

    static boolean userNamespacesWork() {
        try {
            Process p = new ProcessBuilder("unshare", "-Ur", "sh", "-c",
                    "echo 1 > /proc/sys/user/max_inotify_watches").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void touch(Path file) throws IOException {
        TestFiles.write(file, file.getFileName().toString());
    }
}
