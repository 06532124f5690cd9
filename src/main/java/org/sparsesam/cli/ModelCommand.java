package org.sparsesam.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.sparsesam.core.encode.EncoderFactory;
import org.sparsesam.core.encode.histology.HistologyEncoder;
import org.sparsesam.core.encode.histology.HistologyManifest;
import java.util.concurrent.Callable;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.model.ModelPackage;
import org.sparsesam.core.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparse-sam model install FILE [--force]} and {@code sparse-sam model list}: the user's model folder. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Install and list SAM-family model packages (folder: -Dsparsesam.models, $SPARSE_SAM_MODELS or ~/.sparse-sam/models).",
        subcommands = {ModelCommand.Install.class, ModelCommand.ListModels.class})
public final class ModelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The model folder these commands work on: {@code --models DIR}, else the default. */
    static final class Folder {
        @Option(names = "--models", paramLabel = "DIR", description = "Model folder (default: -Dsparsesam.models, $SPARSE_SAM_MODELS or ~/.sparse-sam/models).")
        Path models;

        @Option(names = "--debug", description = "Print stack traces of errors.")
        boolean debug;

        ModelStore store() {
            return new ModelStore(models != null ? models : ModelStore.defaultRoot());
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install a model package (folder or zip) after checking every file's SHA-256.")
    static final class Install implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Model package: a folder or zip holding model.json and its files.")
        Path file;

        @Option(names = {"--force", "--replace"}, description = "Replace an installed model of the same name.")
        boolean force;

        @picocli.CommandLine.Mixin Folder folder = new Folder();

        @Override
        public Integer call() {
            ModelStore.Entry entry = folder.store().install(file, force);
            ModelManifest m = entry.manifest();
            spec.commandLine().getOut().printf(Locale.ROOT, "installed %s (%s, input %d px, embedding %dx%dx%d) in %s%n",
                    entry.name(), m.family(), m.inputSize(), m.embeddingChannels(), m.embeddingSize(), m.embeddingSize(), entry.folder());
            spec.commandLine().getOut().println("use it with --encoder " + entry.name());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List installed models with their family, input size and whether their files still match their checksums.")
    static final class ListModels implements Callable<Integer> {
        @Spec CommandSpec spec;

        @picocli.CommandLine.Mixin Folder folder = new Folder();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelStore store = folder.store();
            List<ModelStore.Entry> entries = store.list();
            HistologyManifest shipped = HistologyEncoder.shippedManifest();
            out.printf(Locale.ROOT, "built in:%n  %-24s %s, the default: learned H&E encoder shipped in the plugin, sha256 %s...;"
                    + " trained on data under CC BY-NC-SA 4.0, so non-commercial use only (docs/model-card.md)%n",
                    EncoderFactory.BUILTIN, shipped.name(), shipped.sha256().substring(0, 12));
            out.printf(Locale.ROOT, "  %-24s hand-made H&E features (colour deconvolution and filters), no weights%n", EncoderFactory.HANDMADE);
            out.println("models in " + store.root() + ":");
            if (entries.isEmpty()) {
                out.println("  (none; install one with 'sparse-sam model install FILE')");
                return 0;
            }
            out.printf(Locale.ROOT, "  %-24s %-18s %6s  %s%n", "name", "family", "input", "checksums");
            for (ModelStore.Entry e : entries) {
                if (!e.isUsable()) {
                    out.printf(Locale.ROOT, "  %-24s %-18s %6s  %s%n", e.name(), "?", "?", "unreadable: " + e.problem());
                    continue;
                }
                out.printf(Locale.ROOT, "  %-24s %-18s %6d  %s%n", e.name(), e.manifest().family(), e.manifest().inputSize(),
                        checksumStatus(e));
            }
            return 0;
        }

        /** Opening a package verifies it (re-hashing only files changed since installation). */
        private static String checksumStatus(ModelStore.Entry e) {
            try (ModelPackage pkg = ModelPackage.open(e.folder())) {
                return "ok";
            } catch (SparseSamException ex) {
                return "FAILED: " + ex.getMessage();
            }
        }
    }
}
