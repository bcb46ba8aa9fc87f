package io.ossync.state;

import java.nio.file.Path;

/** Child process for {@link StateLockIT}: takes the lock, says so, holds it until stdin closes. */
public final class LockHolderMain {

    public static void main(String[] args) throws Exception {
        try (StateLock lock = StateLock.acquire(Path.of(args[0]))) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the parent to close stdin
            }
        } catch (StateDatabaseException e) {
            System.out.println("refused " + e.getMessage());
        }
    }
}
