package io.ossync.status;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Child process for {@link StatusCommandIT}: a writer as the daemon is one (state lock held,
 * database open read-write in WAL mode) that enqueues a job, then records a ledger row in a write
 * transaction it keeps open, saying "holding", until stdin closes; then it commits, says
 * "committed" and ends.
 */
public final class StateWriterMain {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (StateLock lock = StateLock.acquire(file); StateDatabase db = StateDatabase.open(file)) {
            new JobQueue(db, Clock.systemUTC()).enqueue(Path.of(args[1]), Path.of(args[1]).getParent(), JobKind.UPLOAD);
            Ledger ledger = new Ledger(db, Clock.systemUTC());
            db.runInTransaction(c -> {
                ledger.record(c, Path.of(args[1]), "bucket", "key", new FileIdentity(1, 1, null), 1L);
                say("holding");
                waitForStdinToClose();
            });
            say("committed");
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void waitForStdinToClose() {
        try {
            while (System.in.read() != -1) {
                // the parent closes stdin to say "go on"
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
