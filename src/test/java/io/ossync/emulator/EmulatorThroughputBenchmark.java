package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not part of the normal suite (its name ends in neither Test nor IT): run it on purpose with
 * {@code mvn -B -q test -Dtest=EmulatorThroughputBenchmark}. Uploads 256 MiB as a multipart upload
 * through loopback, 4 parts in flight, and prints the throughput, to show the emulator is not the
 * bottleneck of a benchmark. Client and server share the machine's cores, so this is a lower bound.
 */
class EmulatorThroughputBenchmark {
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static EmulatorExtension emulator = new EmulatorExtension();

    /** CPU time of this JVM (client and emulator together), all threads. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * UploadPart over a plain socket: the cheapest possible client (one write of the body), so the
     * figure is the emulator's and not java.net.http's.
     */
    private static String rawUploadPart(String key, String uploadId, int number, byte[] data, int offset, int length)
            throws java.io.IOException {
        java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("partNumber", Integer.toString(number));
        query.put("uploadId", uploadId);
        java.util.Map<String, String> headers = new TestV4Signer(EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET, EmulatorExtension.REGION)
                .sign("PUT", EmulatorExtension.BUCKET, key, query, java.util.Map.of(), java.time.Instant.now());
        StringBuilder head = new StringBuilder("PUT /").append(EmulatorExtension.BUCKET).append('/')
                .append(TestV4Signer.uriEncode(key).replace("%2F", "/"))
                .append("?partNumber=").append(number).append("&uploadId=").append(uploadId).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nContent-Length: ").append(length).append("\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", emulator.emulator().port())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(data, offset, length);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)etag: (\"[0-9A-F]+\")").matcher(response);
            assertThat(m.find()).isTrue();
            return m.group(1);
        }
    }

    @Test
    void multipart256MibWithFourPartsInFlight() throws Exception {
        int total = 256 * MIB;
        int partSize = 8 * MIB;
        byte[] data = new byte[total];
        new Random(1).nextBytes(data);
        OssTestClient client = new OssTestClient(emulator.endpoint(), EmulatorExtension.BUCKET,
                new TestV4Signer(EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET,
                        EmulatorExtension.REGION));
        for (int round = 1; round <= 3; round++) {
            String key = "bench/round-" + round;
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            String uploadId = client.call("POST", key).query("uploads", "").send().xml("UploadId");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<String>> etags = new ArrayList<>();
            for (int off = 0, n = 1; off < total; off += partSize, n++) {
                int offset = off;
                int number = n;
                etags.add(pool.submit(() -> rawUploadPart(key, uploadId, number, data, offset, partSize)));
            }
            List<String> tags = new ArrayList<>();
            for (Future<String> f : etags) {
                tags.add(f.get());
            }
            pool.shutdown();
            int[] numbers = java.util.stream.IntStream.rangeClosed(1, tags.size()).toArray();
            OssTestClient.Resp done = client.call("POST", key).query("uploadId", uploadId)
                    .body(EmulatorMultipartTest.completeBody(tags, numbers)).send();
            long nanos = System.nanoTime() - start;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            assertThat(done.status()).isEqualTo(200);
            assertThat(done.header("x-oss-hash-crc64ecma")).isEqualTo(Long.toUnsignedString(Crc64.of(data)));
            double seconds = nanos / 1e9;
            System.out.printf("emulator throughput round=%d bytes=%d parts=%d inFlight=4 seconds=%.2f MBps=%.0f "
                            + "cpuSeconds=%.2f MBperCpuSecond=%.0f load=%.1f%n", round, total, tags.size(), seconds,
                    total / 1e6 / seconds, cpuSeconds, total / 1e6 / cpuSeconds,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
