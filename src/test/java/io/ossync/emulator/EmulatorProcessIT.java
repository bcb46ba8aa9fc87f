package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ossync emulator} as a real child JVM: its startup line, serving, stopping, and its refusals. */
class EmulatorProcessIT {
    private static final Map<String, String> KEYS = Map.of("OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
            "OSS_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET);

    @TempDir
    Path dir;

    @Test
    void startsPrintsItsEndpointServesSignedRequestsAndStopsOnSigterm() throws Exception {
        Path data = dir.resolve("data");
        Process process = start(KEYS, "emulator", "--data", data.toString(), "--port", "0", "--bucket", "cli-bucket");
        try {
            BlockingQueue<String> out = lines(process);
            String endpoint = awaitListening(out);
            assertThat(endpoint).matches("http://127\\.0\\.0\\.1:\\d+");
            OssTestClient client = new OssTestClient(endpoint, "cli-bucket", new TestV4Signer(
                    EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET, "cn-hangzhou"));
            assertThat(client.call("PUT", "hello.txt").body("from a child process").send().status()).isEqualTo(200);
            assertThat(client.call("GET", "hello.txt").send().text()).isEqualTo("from a child process");
            assertThat(client.call("GET", "hello.txt").signedBy(new TestV4Signer(EmulatorExtension.ACCESS_KEY_ID,
                    "wrong", "cn-hangzhou")).send().xml("Code")).isEqualTo("SignatureDoesNotMatch");
        } finally {
            process.destroy(); // SIGTERM
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        try (var files = Files.list(data.resolve("cli-bucket").resolve("objects"))) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void unknownFlagIsOneLineAndUsageExit() throws Exception {
        Result r = run(KEYS, "emulator", "--data", dir.toString(), "--bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).hasSize(1);
        assertThat(r.stderr().get(0)).startsWith("ossync: ").contains("--bogus");
    }

    @Test
    void dataFolderThatCannotBeCreatedIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Result r = run(KEYS, "emulator", "--data", file.resolve("sub").toString(), "--port", "0");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).hasSize(1);
        assertThat(r.stderr().get(0)).contains("cannot create the data folder");
    }

    @Test
    void portInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Result r = run(KEYS, "emulator", "--data", dir.toString(), "--port", Integer.toString(port));
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.stderr()).hasSize(1);
            assertThat(r.stderr().get(0)).contains("port " + port).contains("in use");
        }
    }

    @Test
    void missingKeysAreOneLineAndSecretsStayOut() throws Exception {
        Result r = run(Map.of("OSS_ACCESS_KEY_ID", "only-the-id"), "emulator", "--data", dir.toString());
        assertThat(r.exitCode()).isEqualTo(78);
        assertThat(r.stderr()).hasSize(1);
        assertThat(r.stderr().get(0)).contains("OSS_ACCESS_KEY_SECRET");
    }

    private record Result(int exitCode, List<String> stdout, List<String> stderr) {
    }

    private static Result run(Map<String, String> env, String... args) throws Exception {
        Process p = start(env, args);
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("process ended").isTrue();
        return new Result(p.exitValue(), readAll(p.getInputStream()), readAll(p.getErrorStream()));
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.ossync.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("OSS_ACCESS_KEY_ID");
        pb.environment().remove("OSS_ACCESS_KEY_SECRET");
        pb.environment().remove("OSS_SESSION_TOKEN");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static List<String> readAll(java.io.InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                .filter(l -> !l.isBlank()).toList();
    }

    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(queue::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // The process ended.
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static String awaitListening(BlockingQueue<String> out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = out.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("listening on ")) {
                return line.substring("listening on ".length());
            }
        }
        throw new AssertionError("no 'listening on' line within 30 s");
    }
}
