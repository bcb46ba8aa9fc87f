package io.ossync.testing;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.state.StateDatabase;
import io.ossync.upload.Crc64;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A tree of many tiny files for the scale tests, written fast (a few threads, one folder each at a time), and
 * the ledger rows the daemon's job runner would have committed after uploading them, so that a test can start
 * from "N files already mirrored" without spending minutes uploading them first.
 *
 * @param root    the tree's folder
 * @param files   every file written, with the CRC-64 of its content
 */
public record ManyFiles(Path root, List<Written> files) {

    /** One file, its version as written and the CRC-64/XZ of its bytes. */
    public record Written(Path path, FileIdentity identity, long crc64) {
    }

    /**
     * Writes {@code count} files of 16–100 bytes under {@code root}, {@code perFolder} to a folder
     * ({@code dNNNN/fN.txt}), or all of them in {@code root} itself when {@code perFolder} is 0.
     */
    public static ManyFiles write(Path root, int count, int perFolder) throws Exception {
        int chunk = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Written>>> parts = new ArrayList<>();
            for (int from = 0; from < count; from += chunk) {
                int first = from;
                parts.add(pool.submit(() -> {
                    List<Written> out = new ArrayList<>(chunk);
                    for (int id = first; id < Math.min(count, first + chunk); id++) {
                        Path dir = perFolder == 0 ? root : root.resolve(String.format("d%04d", id / perFolder));
                        if (id == first || perFolder > 0 && id % perFolder == 0) {
                            Files.createDirectories(dir);
                        }
                        byte[] content = ("file " + id + " ").repeat(2 + id % 8).getBytes(StandardCharsets.US_ASCII);
                        Path file = Files.write(dir.resolve("f" + id + ".txt"), content);
                        out.add(new Written(file, FileIdentity.read(file), Crc64.of(content)));
                    }
                    return out;
                }));
            }
            List<Written> all = new ArrayList<>(count);
            for (Future<List<Written>> part : parts) {
                all.addAll(part.get());
            }
            return new ManyFiles(root, List.copyOf(all));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Records every file as uploaded to {@code bucket} under {@code prefix} + its relative path, in one transaction
     * of the state database at {@code stateDb} (created with its schema if new): the rows an upload commits.
     */
    public void recordAsUploaded(Path stateDb, String bucket, String prefix) throws IOException {
        Files.createDirectories(stateDb.getParent());
        try (StateDatabase db = StateDatabase.open(stateDb)) {
            Ledger ledger = new Ledger(db, Clock.systemUTC());
            db.runInTransaction(c -> {
                for (Written w : files) {
                    String key = prefix + root.relativize(w.path()).toString().replace('\\', '/');
                    ledger.record(c, w.path(), bucket, key, w.identity(), w.crc64());
                }
            });
        }
    }

    public int count() {
        return files.size();
    }
}
