package org.sparsesam.cli;

import java.io.PrintWriter;
import org.sparsesam.core.Progress;

/** Progress that ignores stage reports and prints the core's notes ("note: ...") on stderr. */
final class NotesProgress implements Progress {
    private final PrintWriter err;

    NotesProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void report(String stage, double fraction) {}

    @Override
    public void note(String message) {
        err.println("note: " + message);
        err.flush();
    }
}
