package org.sparsesam.command;

import static org.sparsesam.command.OptionKeys.*;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.Locale;
import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.model.ModelManifest;
import org.sparsesam.core.model.ModelStore;

/**
 * Plugins > Segmentation > Install Sparse SAM model package (plugins.config): checks a package's files against
 * its checksums and installs it into Fiji's model folder, after which the Sparse SAM dialog offers it as an
 * encoder. Records as {@code run("Install Sparse SAM model package", "package=[/path/model.zip]");}.
 */
public final class InstallModelPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        ModelStore store = FijiModelFolder.store();
        GenericDialog gd = new GenericDialog("Install Sparse SAM model package");
        gd.addMessage("A model package is a zip (or folder) holding model.json and the model files it lists,\n"
                + "e.g. made by tools/sam_export.py. It is checked and installed into\n" + store.root());
        gd.addFileField(PACKAGE_LABEL, "", 40);
        gd.addCheckbox(REPLACE_LABEL, false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String file = gd.getNextString().strip();
        boolean replace = gd.getNextBoolean();
        try {
            if (file.isEmpty()) {
                throw new SparseSamException("No package given: choose the zip or folder of a model package.");
            }
            ModelStore.Entry entry = store.install(Path.of(file), replace);
            ModelManifest m = entry.manifest();
            IJ.log(String.format(Locale.ROOT, "Sparse SAM: installed %s (%s, input %d px) in %s; choose it as the encoder.",
                    entry.name(), m.family(), m.inputSize(), entry.folder()));
            IJ.showStatus("Sparse SAM: installed " + entry.name());
        } catch (SparseSamException e) {
            PluginOutputs.reportError(e.getMessage());
        }
    }
}
