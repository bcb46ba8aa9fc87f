import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.state.StateDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Helpers of bench/memory.sh, run from source with the ossync jar on the class path:
 * <ul>
 *   <li>{@code tree DIR FILES PER_DIR}: writes FILES tiny files, PER_DIR a folder (DIR/dN/fI.txt);</li>
 *   <li>{@code seed STATE_DB ROOT PREFIX}: records every file under ROOT in the ledger of a new state
 *       database with its real identity (size, mtime ns, file key) and key PREFIX + relative path,
 *       as if the daemon had uploaded it: a restart at a million files can be measured without
 *       uploading a million files first. The daemon then knows every file (nothing to send).</li>
 * </ul>
 */
public final class MemoryProbe {

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "tree" -> tree(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "seed" -> seed(Path.of(args[1]), Path.of(args[2]), args[3]);
            default -> throw new IllegalArgumentException("tree | seed: " + args[0]);
        }
    }

    private static void tree(Path dir, int files, int perDir) throws IOException {
        for (int i = 0; i < files; i++) {
            Path folder = dir.resolve("d" + (i / perDir));
            if (i % perDir == 0) {
                Files.createDirectories(folder);
            }
            Files.write(folder.resolve("f" + i + ".txt"),
                    ("file " + i + " of the memory probe\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void seed(Path db, Path root, String prefix) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        try (StateDatabase database = StateDatabase.open(db); Stream<Path> walk = Files.walk(base)) {
            Ledger ledger = new Ledger(database, Clock.systemUTC());
            List<Path> batch = new ArrayList<>();
            long[] count = {0};
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    batch.add(p);
                    if (batch.size() == 50_000) {
                        record(database, ledger, base, prefix, batch, count);
                    }
                }
            }
            record(database, ledger, base, prefix, batch, count);
            System.out.println("seeded " + count[0] + " ledger rows");
        }
    }

    private static void record(StateDatabase database, Ledger ledger, Path base, String prefix, List<Path> batch,
                               long[] count) {
        database.runInTransaction(c -> {
            for (Path p : batch) {
                FileIdentity id;
                try {
                    id = FileIdentity.of(Files.readAttributes(p, BasicFileAttributes.class));
                } catch (IOException e) {
                    continue;
                }
                ledger.record(c, p, "bench", prefix + base.relativize(p), id, 0);
                count[0]++;
            }
        });
        batch.clear();
    }
}
