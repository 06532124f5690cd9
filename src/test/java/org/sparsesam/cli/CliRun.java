package org.sparsesam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the command line, with everything it printed: its own streams and whatever a library
 * printed to System.out/err behind its back (ImageJ does), since a user sees both.
 */
public record CliRun(int exitCode, String out, String err, String system) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        ByteArrayOutputStream system = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        PrintStream capture = new PrintStream(system, true, StandardCharsets.UTF_8);
        int code;
        System.setOut(capture);
        System.setErr(capture);
        try {
            code = SparseSamCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toString(), err.toString(), system.toString(StandardCharsets.UTF_8));
    }

    private String all() {
        return "exit " + exitCode + "\nout: " + out + "\nerr: " + err + "\nsystem: " + system;
    }

    /** A refusal as users should see it: exit 1, one "error:" sentence, no stack trace, not reported as a bug. */
    public CliRun assertCleanError() {
        assertNotEquals(0, exitCode, all());
        assertTrue(err.startsWith("error: "), all());
        assertFalse(err.contains("this is a bug"), all());
        assertNoStackTrace();
        return this;
    }

    public CliRun assertSuccess() {
        assertEquals(0, exitCode, all());
        assertNoStackTrace();
        return this;
    }

    /** Either outcome is fine for fuzzed input, as long as it is one of the two clean ones. */
    public boolean assertCleanErrorOrSuccess() {
        if (exitCode == 0) {
            assertSuccess();
            return true;
        }
        assertCleanError();
        return false;
    }

    public CliRun assertMentions(String text) {
        assertTrue(err.toLowerCase().contains(text.toLowerCase()), "expected '" + text + "' in:\n" + all());
        return this;
    }

    private void assertNoStackTrace() {
        for (String text : new String[] {out, err, system}) {
            assertFalse(text.contains("\tat ") || text.contains("Exception:") || text.contains("Error:"),
                    "a stack trace or exception reached the user:\n" + all());
        }
    }
}
