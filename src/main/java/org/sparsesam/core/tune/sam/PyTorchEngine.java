package org.sparsesam.core.tune.sam;

import ai.djl.engine.Engine;
import java.util.concurrent.Callable;
import org.sparsesam.core.SparseSamException;

/**
 * Loads DJL's PyTorch engine from the natives jar on the class path (ai.djl.pytorch:pytorch-native-cpu), never
 * from the network, and turns every way that can fail into one message saying what to install.
 */
final class PyTorchEngine {
    static final String NAME = "PyTorch";
    /** DJL reads these when the engine starts; users may set them (-D...) to use more cores. */
    static final String THREADS = "ai.djl.pytorch.num_threads", INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private PyTorchEngine() {}

    /** The engine; the first call unpacks the natives (about 430 MB, once per user) and takes a few seconds. */
    static Engine get() {
        return withPluginClassLoader(() -> {
            // DJL would otherwise try to download a libtorch build it prefers to the one in the jar, which
            // fails or hangs where there is no network. Respect a value the user set on purpose.
            if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            // One PyTorch thread unless the user asks for more: sums then run in the same order on every machine,
            // so a tuning run repeats exactly anywhere, and PyTorch's spinning worker threads cannot starve when
            // the cores are busy (on a loaded 2-core machine two threads were 14x slower than one).
            if (System.getProperty(THREADS) == null) {
                System.setProperty(THREADS, "1");
            }
            if (System.getProperty(INTEROP_THREADS) == null) {
                System.setProperty(INTEROP_THREADS, "1");
            }
            return Engine.getEngine(NAME);
        });
    }

    /**
     * Runs {@code work} with this class's loader as the thread's context loader: DJL finds engines through
     * ServiceLoader on the context loader, which in Fiji is not the one that loaded the plugin's jars.
     */
    static <T> T withPluginClassLoader(Callable<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PyTorchEngine.class.getClassLoader());
        try {
            return work.call();
        } catch (SparseSamException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw missing(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static SparseSamException missing(Throwable cause) {
        StringBuilder reason = new StringBuilder(String.valueOf(cause));
        for (Throwable c = cause.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            reason.append("; ").append(c.getMessage());
        }
        String classifier = nativesClassifier(System.getProperty("os.name"), System.getProperty("os.arch"));
        return new SparseSamException("SAM tuning needs DJL's PyTorch engine and PyTorch's natives for this computer"
                + " (pytorch-native-cpu-" + PYTORCH_VERSION + "-" + classifier + ".jar from Maven Central, group ai.djl.pytorch),"
                + " which could not be loaded (" + reason + "): put that jar into Fiji's jars/" + fijiPlatform(classifier)
                + "/ folder (the update site leaves it out where it would take the download past 80 MB) or, for the"
                + " command line, into Sparse SAM's lib folder; or use tune = head, which needs no natives.", cause);
    }

    /** The PyTorch build the pom's pytorch-native-cpu dependency names. */
    static final String PYTORCH_VERSION = "2.7.1";

    /** DJL's name for this computer's natives jar: linux-x86_64, win-x86_64, osx-aarch64 (what Maven Central has). */
    static String nativesClassifier(String osName, String osArch) {
        String os = osName.toLowerCase(java.util.Locale.ROOT);
        String arch = osArch.equals("amd64") || osArch.equals("x86_64") ? "x86_64" : osArch.equals("aarch64") || osArch.equals("arm64") ? "aarch64" : osArch;
        return (os.startsWith("windows") ? "win" : os.startsWith("mac") ? "osx" : "linux") + "-" + arch;
    }

    /** The updater's platform folder for a natives classifier. */
    static String fijiPlatform(String classifier) {
        return classifier.startsWith("win") ? "win64" : classifier.startsWith("osx") ? "macosx" : "linux64";
    }
}
