package org.sparsesam.cli;

import java.io.PrintWriter;
import org.sparsesam.core.CancelToken;
import org.sparsesam.core.SparseSamException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line front end: subcommands over the same headless core as the Fiji commands. */
@Command(name = "sparse-sam", mixinStandardHelpOptions = true, versionProvider = SparseSamCli.Version.class,
        description = "Click a few structures in an H&E image and segment every similar structure.",
        subcommands = {SegmentCommand.class, DemoCommand.class, EvaluateCommand.class, BenchCommand.class, ModelCommand.class,
                PointsFromTruthCommand.class, TrainCommand.class, ApplyCommand.class, CommandLine.HelpCommand.class})
public final class SparseSamCli {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI and returns the exit code; user errors print one line, stack traces only with --debug. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new SparseSamCli());
        cl.setOut(out);
        cl.setErr(err);
        // A usage mistake is one error line naming the fix, exit 1, as every other error; not the whole usage and exit 2.
        cl.setParameterExceptionHandler((ex, arguments) -> {
            String message = ex.getMessage().strip();
            err.println("error: " + message + (message.endsWith(".") ? "" : ".") + " See '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 1;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CancelToken.CancelledException) {
                err.println("Cancelled.");
                return 130;
            }
            if (ex instanceof SparseSamException) {
                err.println("error: " + ex.getMessage());
            } else {
                err.println("error: " + ex + " (this is a bug; run with --debug for details and report it)");
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // The memory estimate refuses what it can foresee; this is what it could not (a decoder, a library).
            err.println("error: ran out of memory (" + org.sparsesam.core.MemoryEstimate.megabytes(Runtime.getRuntime().maxMemory())
                    + " heap): " + org.sparsesam.core.MemoryEstimate.RAISE_HEAP);
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SparseSamCli.class.getPackage().getImplementationVersion();
            return new String[] {"sparse-sam " + (v == null ? "(development build)" : v)};
        }
    }
}
