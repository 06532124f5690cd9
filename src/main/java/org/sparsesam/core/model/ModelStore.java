package org.sparsesam.core.model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.sparsesam.core.SparseSamException;

/**
 * The user's model folder: one sub-folder per installed package, named after the model. Installing
 * verifies every checksum, writes the package under a temporary name and renames it into place, so that
 * the folder never holds a half-installed model.
 */
public final class ModelStore {
    /** System property and environment variable that move the model folder. */
    public static final String ROOT_PROPERTY = "sparsesam.models";
    public static final String ROOT_VARIABLE = "SPARSE_SAM_MODELS";

    private final Path root;

    public ModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code -Dsparsesam.models}, else {@code $SPARSE_SAM_MODELS}, else {@code ~/.sparse-sam/models}. Fiji passes its own. */
    public static Path defaultRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ROOT_VARIABLE);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".sparse-sam", "models");
    }

    public Path root() {
        return root;
    }

    /** An installed model (manifest null and problem set when its folder is unreadable or damaged). */
    public record Entry(String name, Path folder, ModelManifest manifest, String problem) {
        public boolean isUsable() {
            return manifest != null;
        }
    }

    /**
     * Installs a package folder or zip after checking every file's SHA-256.
     *
     * @param replace replace an installed model of the same name; otherwise that is refused
     */
    public Entry install(Path folderOrZip, boolean replace) {
        createRoot();
        Path staging = root.resolve(".installing-" + UUID.randomUUID());
        try {
            Path unpacked = stage(folderOrZip, staging);
            ModelManifest manifest;
            try (ModelPackage pkg = ModelPackage.openFolder(unpacked, false, null)) {
                manifest = pkg.manifest();
            }
            InstallStamp.write(unpacked, manifest.sha256ByFile());
            Path target = root.resolve(manifest.name());
            if (Files.exists(target) && !replace) {
                throw new SparseSamException("A model named '" + manifest.name() + "' is already installed in " + target
                        + ": remove that folder first, or install it again with --force to replace it.");
            }
            moveIntoPlace(unpacked, target);
            return new Entry(manifest.name(), target, manifest, null);
        } finally {
            ModelPackage.deleteTree(staging);
        }
    }

    /** Copies the package into the staging folder; returns the folder holding its model.json. */
    private static Path stage(Path source, Path staging) {
        try {
            Files.createDirectories(staging);
            if (Files.isDirectory(source)) {
                // what --encoder accepts, install accepts: a folder whose one subfolder is the package too
                source = ModelPackage.folderWithManifest(source);
                ModelManifest manifest = ModelManifest.read(source.resolve(ModelPackage.MANIFEST));
                Path copy = staging.resolve("package");
                Files.createDirectories(copy);
                Files.copy(source.resolve(ModelPackage.MANIFEST), copy.resolve(ModelPackage.MANIFEST));
                for (String file : manifest.sha256ByFile().keySet()) {
                    if (!Files.isRegularFile(source.resolve(file))) {
                        throw new SparseSamException("The model package " + source + " lacks " + file
                                + ", which its model.json lists: the package is incomplete; get it again.");
                    }
                    Files.copy(source.resolve(file), copy.resolve(file));
                }
                return copy;
            }
            if (!Files.exists(source)) {
                throw new SparseSamException("There is no model package at " + source + ": check the path.");
            }
            if (!SafeUnzip.looksLikeZip(source)) {
                throw new SparseSamException("The file " + source + " is not a model package: a package is a folder"
                        + " or a zip holding model.json and the files it lists.");
            }
            Path unzipped = staging.resolve("zip");
            SafeUnzip.extract(source, unzipped);
            return ModelPackage.packageRoot(unzipped, source);
        } catch (IOException e) {
            throw new SparseSamException("Cannot copy the package " + source + " into " + staging.getParent() + " ("
                    + e.getMessage() + "): check the free disk space and the folder's permissions.", e);
        }
    }

    private void moveIntoPlace(Path unpacked, Path target) {
        Path old = root.resolve(".replaced-" + UUID.randomUUID());
        try {
            boolean replacing = Files.exists(target);
            if (replacing) {
                Files.move(target, old);
            }
            try {
                Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(unpacked, target);
            }
        } catch (IOException e) {
            if (Files.exists(old) && !Files.exists(target)) {
                try {
                    Files.move(old, target);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw new SparseSamException("Cannot move the model into " + target + " (" + e.getMessage()
                    + "): check the model folder's permissions.", e);
        } finally {
            ModelPackage.deleteTree(old);
        }
    }

    /** Installed models in name order, damaged ones included with the reason. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> children = Files.list(root)) {
            for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".") || !Files.exists(dir.resolve(ModelPackage.MANIFEST))) {
                    continue;
                }
                try {
                    out.add(new Entry(name, dir, ModelManifest.read(dir.resolve(ModelPackage.MANIFEST)), null));
                } catch (SparseSamException e) {
                    out.add(new Entry(name, dir, null, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new SparseSamException("Cannot list the model folder " + root + " (" + e.getMessage()
                    + "): check its permissions.", e);
        }
        return out;
    }

    public boolean isInstalled(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\") || name.contains(":")) {
            return false; // a path, not a name: never resolve it against the model folder
        }
        return Files.isRegularFile(root.resolve(name).resolve(ModelPackage.MANIFEST));
    }

    /** Opens an installed model by name, re-hashing only files that changed since installation. */
    public ModelPackage open(String name) {
        if (!isInstalled(name)) {
            throw new SparseSamException("No model named '" + name + "' is installed in " + root
                    + ": install it with 'model install FILE', or see 'model list' for the installed ones.");
        }
        return ModelPackage.open(root.resolve(name));
    }

    /**
     * What {@code --encoder} accepts besides {@code builtin}: an installed model's name, else the path of a
     * package folder or zip.
     */
    public ModelPackage resolve(String nameOrPath) {
        if (isInstalled(nameOrPath)) {
            return open(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (Files.exists(path)) {
            return ModelPackage.open(path);
        }
        throw new SparseSamException("'" + nameOrPath + "' is neither an installed model (see 'model list' for "
                + root + ") nor a model package folder or zip: check the name or path.");
    }

    private void createRoot() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new SparseSamException("Cannot create the model folder " + root + " (" + e.getMessage()
                    + "): choose another with -D" + ROOT_PROPERTY + "=FOLDER or " + ROOT_VARIABLE + ".", e);
        }
    }
}
