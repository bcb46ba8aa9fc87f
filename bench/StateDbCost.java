import io.ossync.checkpoint.CheckpointStore;
import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.queue.Job;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.state.StateDatabase;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * What the state database costs per small file on the daemon's path, by step, in CPU time of the
 * calling thread (a real SQLite file in a temp folder): enqueue, claim, ledger check, checkpoint
 * lookup, final commit. Every step holds the database's one lock, so their sum bounds the burst
 * rate. Run with the ossync jar on the class path:
 *
 * <pre>
 *   java -cp target/ossync.jar bench/StateDbCost.java [FILES_PER_ROUND]
 * </pre>
 */
public final class StateDbCost {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path dir = Files.createTempDirectory("ossync-statedb-cost");
        Clock clock = Clock.systemUTC();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            JobQueue queue = new JobQueue(db, clock);
            Ledger ledger = new Ledger(db, clock);
            CheckpointStore checkpoints = new CheckpointStore(db, clock);
            Path sample = Files.write(dir.resolve("sample"), new byte[1024]);
            FileIdentity identity = FileIdentity.read(sample);
            String[] steps = {"enqueue", "claim", "ledger check", "checkpoint lookup", "final commit"};
            for (int round = 1; round <= 4; round++) {
                long[] cpu = new long[steps.length];
                for (int i = 0; i < n; i++) {
                    Path file = dir.resolve("round" + round).resolve("f" + i);
                    String key = "k/" + round + "/" + i;
                    long t0 = mx.getCurrentThreadCpuTime();
                    queue.enqueue(file, 0, JobKind.UPLOAD);
                    long t1 = mx.getCurrentThreadCpuTime();
                    Job job = queue.claim().orElseThrow();
                    long t2 = mx.getCurrentThreadCpuTime();
                    ledger.isUploaded(file, identity, "bench", key);
                    long t3 = mx.getCurrentThreadCpuTime();
                    checkpoints.find(file, "bench", key);
                    long t4 = mx.getCurrentThreadCpuTime();
                    checkpoints.finish(OptionalLong.empty(), tx -> {
                        ledger.record(tx, file, "bench", key, identity, 42L);
                        queue.done(tx, job.id());
                    });
                    long t5 = mx.getCurrentThreadCpuTime();
                    cpu[0] += t1 - t0;
                    cpu[1] += t2 - t1;
                    cpu[2] += t3 - t2;
                    cpu[3] += t4 - t3;
                    cpu[4] += t5 - t4;
                }
                StringBuilder line = new StringBuilder("round " + round + " (" + n + " files), ms per file:");
                long total = 0;
                for (int s = 0; s < steps.length; s++) {
                    line.append(String.format(" %s %.3f,", steps[s], cpu[s] / 1e6 / n));
                    total += cpu[s];
                }
                System.out.println(line.append(String.format(" total %.3f", total / 1e6 / n)));
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
