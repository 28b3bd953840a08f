package io.mcpool.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress on the error stream: on a terminal one line per cell that updates in place every
 * second; elsewhere (CI logs, files) a line when a cell starts and one when it ends.
 */
final class Progress {

    private final PrintStream err;
    private final boolean quiet;
    private final boolean terminal;
    private volatile String cell = "";

    Progress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = System.console() != null && err == System.err;
    }

    void line(String text) {
        if (!quiet) {
            err.println(text);
        }
    }

    void start(String cell) {
        this.cell = cell;
        if (quiet) {
            return;
        }
        if (terminal) {
            err.print("\r" + cell + ": setting up ...");
        } else {
            err.println(cell + ": setting up, warming up, measuring ...");
        }
        err.flush();
    }

    void tick(String phase, Duration elapsed, Duration total, long calls) {
        if (quiet || !terminal) {
            return;
        }
        String of = total.isZero() ? "" : String.format(Locale.ROOT, " %.0f/%.0f s", elapsed.toMillis() / 1000.0,
                Math.max(1, total.toMillis() / 1000.0));
        err.print(String.format(Locale.ROOT, "\r%s: %s%s, %,d calls      ", cell, phase, of, calls));
        err.flush();
    }

    void done(String cell, CellResult r) {
        if (quiet) {
            return;
        }
        String text = String.format(Locale.ROOT, "%s, %s: %s calls/s, p50 %s ms, p99 %s ms (%d calls%s)", cell,
                r.way().id(), Table.number(r.callsPerSecond()), Table.number(r.p50Ms()), Table.number(r.p99Ms()), r.calls(),
                r.errors() > 0 ? ", " + r.errors() + " errors" : "");
        err.println(terminal ? "\r" + text + "          " : text);
    }
}
