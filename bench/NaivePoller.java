import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline for bench/daemon.sh: the folder mirror most people would write on the official SDK.
 * Every SCAN_MS it walks the folder (size + mtime, no contents); a file seen unchanged by two scans
 * in a row, whose mtime is at least QUIET_MS old, and not uploaded in that version, is sent with one putObject
 * (THREADS in parallel; the scan waits for the batch). No state survives a restart, no multipart,
 * no deletes. Run with the ossync jar on the class path (it carries the SDK):
 *
 * <pre>
 *   java -cp ossync.jar NaivePoller.java DIR ENDPOINT REGION BUCKET PREFIX QUIET_MS SCAN_MS THREADS
 * </pre>
 *
 * Credentials from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET. Prints "scan completed files=N ms=M"
 * after its first walk and "uploaded key=K" for each object, like the daemon's log.
 */
public final class NaivePoller {

    record Version(long size, long mtimeNanos) {
    }

    /** The version a scan saw, uploaded or not. */
    record Seen(Version version, boolean uploaded) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String bucket = args[3];
        String prefix = args[4];
        long quietNanos = Long.parseLong(args[5]) * 1_000_000L;
        long scanMillis = Long.parseLong(args[6]);
        int threads = Integer.parseInt(args[7]);
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        conf.setMaxConnections(Math.max(threads, conf.getMaxConnections()));
        OSS client = OSSClientBuilder.create().endpoint(args[1]).region(args[2]).clientConfiguration(conf)
                .credentialsProvider(new DefaultCredentialProvider(System.getenv("OSS_ACCESS_KEY_ID"),
                        System.getenv("OSS_ACCESS_KEY_SECRET")))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<Path, Seen> seen = new HashMap<>();
        boolean first = true;
        while (true) {
            long start = System.nanoTime();
            Map<Path, Version> now = walk(dir);
            if (first) {
                System.out.println("scan completed files=" + now.size() + " ms=" + (System.nanoTime() - start) / 1_000_000);
                first = false;
            }
            long wallNanos = System.currentTimeMillis() * 1_000_000L;
            List<Path> due = new ArrayList<>();
            seen.keySet().retainAll(now.keySet());
            for (Map.Entry<Path, Version> e : now.entrySet()) {
                Seen s = seen.get(e.getKey());
                if (s == null || !s.version().equals(e.getValue())) {
                    seen.put(e.getKey(), new Seen(e.getValue(), false));
                } else if (!s.uploaded() && wallNanos - e.getValue().mtimeNanos() >= quietNanos) {
                    due.add(e.getKey());
                }
            }
            List<Future<?>> sent = new ArrayList<>();
            for (Path p : due) {
                String key = prefix + dir.relativize(p).toString().replace('\\', '/');
                sent.add(pool.submit(() -> {
                    client.putObject(bucket, key, p.toFile());
                    System.out.println("uploaded key=" + key);
                    return null;
                }));
            }
            for (int i = 0; i < due.size(); i++) {
                try {
                    sent.get(i).get();
                    Seen s = seen.get(due.get(i));
                    seen.put(due.get(i), new Seen(s.version(), true));
                } catch (Exception e) {
                    System.out.println("upload failed file=" + due.get(i) + " error=" + e.getCause());
                }
            }
            long left = scanMillis - (System.nanoTime() - start) / 1_000_000;
            if (left > 0) {
                Thread.sleep(left);
            }
        }
    }

    private static Map<Path, Version> walk(Path dir) throws IOException {
        Map<Path, Version> files = new HashMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.put(file, new Version(attrs.size(), attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished between listing and stat
            }
        });
        return files;
    }
}
