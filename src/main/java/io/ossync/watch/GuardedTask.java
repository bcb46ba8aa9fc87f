package io.ossync.watch;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named background task that logs and swallows whatever its body throws, so that a periodic task
 * keeps its schedule and a failure is never silent. Only errors of the virtual machine itself
 * (out of memory...) are passed on after logging.
 */
final class GuardedTask implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GuardedTask.class);

    private final String name;
    private final Runnable body;

    GuardedTask(String name, Runnable body) {
        this.name = Objects.requireNonNull(name, "name");
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    public void run() {
        try {
            body.run();
        } catch (VirtualMachineError e) {
            log.error("intake task failed task={} error={}", name, e.toString());
            throw e;
        } catch (Throwable e) {
            log.error("intake task failed task={} error={}", name, e.toString(), e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
