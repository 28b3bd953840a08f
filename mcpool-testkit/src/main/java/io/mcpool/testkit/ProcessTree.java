package io.mcpool.testkit;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ends a process together with everything it started, so no orphan is left behind. */
final class ProcessTree {

    private ProcessTree() {
    }

    /** Asks the whole tree to stop, then forces whatever is still alive after {@code graceMillis}. */
    static void kill(Process process, long graceMillis) {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : tree) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}
