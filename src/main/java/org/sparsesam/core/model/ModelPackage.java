package org.sparsesam.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.sparsesam.core.SparseSamException;

/**
 * A model package: a folder (or a zip of one) holding {@code model.json} and the files it lists, each
 * verified against its SHA-256. Opening a zip unpacks it into a temporary folder that {@link #close()}
 * removes; closing a folder package does nothing.
 */
public final class ModelPackage implements AutoCloseable {
    public static final String MANIFEST = "model.json";

    private final Path folder;
    private final ModelManifest manifest;
    private final Path temporaryFolder;

    private ModelPackage(Path folder, ModelManifest manifest, Path temporaryFolder) {
        this.folder = folder;
        this.manifest = manifest;
        this.temporaryFolder = temporaryFolder;
    }

    /**
     * Opens a package folder or zip and checks every file against the manifest. An installed package's
     * files are hashed only when they changed since installation (see {@link ModelStore}).
     */
    public static ModelPackage open(Path folderOrZip) {
        if (Files.isDirectory(folderOrZip)) {
            return openFolder(folderWithManifest(folderOrZip), true, null);
        }
        if (!Files.exists(folderOrZip)) {
            throw new SparseSamException("There is no model package at " + folderOrZip
                    + ": give the folder or zip of a package, or the name of an installed model (see 'model list').");
        }
        if (!SafeUnzip.looksLikeZip(folderOrZip)) {
            throw new SparseSamException("The file " + folderOrZip + " is not a model package: a package is a folder"
                    + " or a zip holding model.json and the files it lists.");
        }
        Path temp;
        try {
            temp = Files.createTempDirectory("sparse-sam-model-");
        } catch (IOException e) {
            throw new SparseSamException("Cannot create a temporary folder to unpack " + folderOrZip + " ("
                    + e.getMessage() + "): check the free disk space, or install the package instead.", e);
        }
        try {
            SafeUnzip.extract(folderOrZip, temp);
            return openFolder(packageRoot(temp, folderOrZip), false, temp);
        } catch (SparseSamException e) {
            deleteTree(temp);
            // the user knows the zip, not the temporary folder it was unpacked into
            throw new SparseSamException(e.getMessage().replace(temp.toString(), folderOrZip.toString()), e);
        } catch (RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
    }

    /** Opens a folder; {@code trustStamp} lets an install stamp spare re-hashing unchanged files. */
    static ModelPackage openFolder(Path folder, boolean trustStamp, Path temporaryFolder) {
        ModelManifest manifest = ModelManifest.read(folder.resolve(MANIFEST));
        verifyFiles(folder, manifest, trustStamp ? InstallStamp.read(folder) : null);
        return new ModelPackage(folder, manifest, temporaryFolder);
    }

    /** Zips made by zipping a package folder have the package one level down: accept both layouts. */
    /**
     * A folder without model.json of its own whose subfolders hold exactly one package (as the tiny test model's
     * folder holds {@code package/} beside {@code reference/}) means that package, as a zip with one folder does;
     * otherwise the folder itself, so that the usual message says what is missing.
     */
    static Path folderWithManifest(Path folder) {
        if (Files.isRegularFile(folder.resolve(MANIFEST))) {
            return folder;
        }
        try (Stream<Path> children = Files.list(folder)) {
            List<Path> packages = children.filter(d -> Files.isRegularFile(d.resolve(MANIFEST))).toList();
            return packages.size() == 1 ? packages.get(0) : folder;
        } catch (IOException e) {
            return folder;
        }
    }

    static Path packageRoot(Path unpacked, Path zip) {
        if (Files.isRegularFile(unpacked.resolve(MANIFEST))) {
            return unpacked;
        }
        try (Stream<Path> children = Files.list(unpacked)) {
            List<Path> dirs = children.filter(Files::isDirectory).toList();
            if (dirs.size() == 1 && Files.isRegularFile(dirs.get(0).resolve(MANIFEST))) {
                return dirs.get(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new SparseSamException("The zip " + zip + " has no model.json at its top (nor in a single folder"
                + " inside it): it is not a model package.");
    }

    private static void verifyFiles(Path folder, ModelManifest manifest, InstallStamp stamp) {
        for (Map.Entry<String, String> e : manifest.sha256ByFile().entrySet()) {
            String name = e.getKey();
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new SparseSamException("The model package " + folder + " lacks " + name
                        + ", which its model.json lists: the package is incomplete; install it again from its original file.");
            }
            try {
                if (stamp != null && stamp.vouchesFor(name, file, e.getValue())) {
                    continue;
                }
            } catch (IOException ex) {
                // Unreadable metadata: fall through to hashing, which reports the problem if there is one.
            }
            if (!Checksums.sha256(file).equals(e.getValue())) {
                throw new SparseSamException("The file " + name + " of the model package " + folder
                        + " does not match the SHA-256 in its model.json (it was changed, truncated or damaged):"
                        + " install the package again from its original file.");
            }
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Path folder() {
        return folder;
    }

    /** A file of the package, by the name the manifest gives it. */
    public Path file(String name) {
        if (!manifest.sha256ByFile().containsKey(name)) {
            throw new IllegalArgumentException(name + " is not a file of the package " + manifest.name());
        }
        return folder.resolve(name);
    }

    public Path encoderFile() {
        return file(manifest.encoderFile());
    }

    public Path decoderFile() {
        return file(manifest.decoderFile());
    }

    /** Identifies the model and its exact weights (name plus the start of the encoder's checksum), for caches. */
    public String id() {
        return manifest.name() + "@" + manifest.sha256ByFile().get(manifest.encoderFile()).substring(0, 12);
    }

    @Override
    public void close() {
        if (temporaryFolder != null) {
            deleteTree(temporaryFolder);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary folder is harmless; failing the user's job over it would not be.
        }
    }
}
