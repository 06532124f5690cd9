// Lays out a Fiji update site from a Maven build. Usage (tools/make-update-site.sh runs it after `mvn package`):
//   java tools/MakeUpdateSite.java PLUGIN_JAR LIB_DIR OUT_DIR [TIMESTAMP]
// PLUGIN_JAR is target/Sparse_SAM-<version>.jar, LIB_DIR is target/lib (runtime dependencies), OUT_DIR the site folder,
// TIMESTAMP (yyyyMMddHHmmss, default: now in UTC) the version stamp of every file.
//
// What it writes, in the format the ImageJ updater (net.imagej:imagej-updater) reads; that library is only on
// maven.scijava.org, not Maven Central, so this is our own code, written to its format:
//   OUT_DIR/plugins/Sparse_SAM-<version>.jar-<TIMESTAMP>   the plugin (ImageJ 1 needs the underscore)
//   OUT_DIR/jars/<library>.jar-<TIMESTAMP>                 each dependency Fiji does not ship (see FIJI_SHIPS),
//                                                           without the natives of other platforms
//   OUT_DIR/jars/<platform>/<library>-natives-<version>.jar-<TIMESTAMP>
//                                                           a library's natives for one platform, in the updater's
//                                                           platform folders (linux64, win64, macosx) as Fiji lays
//                                                           out its own: the updater installs only the user's
//   OUT_DIR/jars/<platform>/<name>-<os-arch>.jar-<TIMESTAMP>  a natives-only jar (pytorch-native-cpu) likewise
//   OUT_DIR/db.xml.gz                                       the index: <pluginRecords> with one <plugin filename=...>
//                                                           per file, its <platform> if it has one, <version checksum
//                                                           timestamp filesize>, the plugin's <dependency> on each
//                                                           library every platform gets
// Natives for an os-arch with no platform folder here (linux-aarch64) and macOS debug symbols (.dSYM) are left out.
// Every platform's download stays under DOWNLOAD_LIMIT_BYTES: a natives-only jar that would pass it is left out
// (PyTorch's, for SAM tuning only; the plugin says where to get it), and any other excess refuses the site.
// The updater reads db.xml.gz with a non-validating SAX parser (XMLFileReader), so the DOCTYPE its own writer
// embeds is left out; element and attribute names are those its reader looks for.
// Files on an update site are stored as <path>-<timestamp>; the updater downloads that name and installs it as <path>.
// Checksums are computed as the updater computes them (UpdaterUtil.getDigest/getJarDigest): for a .jar, SHA-1 over
// its entries sorted by name, each contributing its name (ASCII) then its bytes, where .properties entries skip
// lines that start with '#' and META-INF/MANIFEST.MF contributes only lines starting with "Main-Class:" after
// upper-casing (which no line does, so a manifest contributes nothing); any other file: SHA-1 of path then bytes.
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

public final class MakeUpdateSite {
    /**
     * The one list of libraries a current Fiji (2.16, pom-scijava 40) already ships in jars/: artifact name -> the
     * version (prefix) we assume it ships. Installing our copy too would put two versions on Fiji's class path and
     * break other plugins. Assumed from Fiji's known contents, not checked against a live Fiji (none can be reached
     * from the build machine); a build needing a version outside the assumption is refused, so the list is revisited.
     */
    static final Map<String, String> FIJI_SHIPS = new TreeMap<>(Map.of("ij", "1.54", "scijava-common", "2.", "parsington", "3.",
            "gson", "2.", "jna", "5.", "slf4j-api", "2.", "commons-io", "2.", "commons-codec", "1.", "commons-compress", "1."));
    /** Used by the command line only, never by the Fiji commands. */
    static final List<String> CLI_ONLY = List.of("picocli");
    /** What a user of one platform may have to download: the plugin, the shared libraries and the platform's natives. */
    static final long DOWNLOAD_LIMIT_BYTES = 80_000_000L;
    /** The updater's platform folders, by the os-arch names DJL and ONNX Runtime give their natives. */
    static final Map<String, String> PLATFORM_FOLDER = Map.of("linux-x86_64", "linux64", "linux-x64", "linux64",
            "win-x86_64", "win64", "win-x64", "win64", "osx-aarch64", "macosx", "osx-x86_64", "macosx", "osx-x64", "macosx");
    static final List<String> PLATFORMS = List.of("linux64", "win64", "macosx");
    /** A folder of natives for one os-arch inside a jar (ai/onnxruntime/native/win-x64/, jnilib/linux-x86_64/). */
    private static final Pattern NATIVE_DIR = Pattern.compile("(?:^|/)((?:linux|win|osx)-(?:x64|x86_64|aarch64))/");
    /** A jar of natives only, named by its os-arch (pytorch-native-cpu-2.7.1-win-x86_64.jar). */
    private static final Pattern NATIVES_ONLY_JAR = Pattern.compile(".*-((?:linux|win|osx)-(?:x64|x86_64|aarch64))\\.jar");

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java tools/MakeUpdateSite.java PLUGIN_JAR LIB_DIR OUT_DIR [TIMESTAMP]");
            System.exit(2);
        }
        Path plugin = Path.of(args[0]), libs = Path.of(args[1]), out = Path.of(args[2]);
        String timestamp = args.length > 3 ? args[3]
                : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        for (String line : write(plugin, libs, out, timestamp)) {
            System.out.println(line);
        }
    }

    record Entry(String path, Path source, String checksum, long size) {}

    /** Writes the site; returns one line per file for the user. */
    static List<String> write(Path plugin, Path libs, Path out, String timestamp) throws IOException {
        if (!timestamp.matches("\\d{14}")) {
            throw new IllegalArgumentException("timestamp must be yyyyMMddHHmmss, not " + timestamp);
        }
        if (Files.exists(out.resolve("db.xml.gz"))) {
            throw new IOException(out + " already holds an update site: remove it or choose another folder");
        }
        List<String> report = new ArrayList<>();
        List<Entry> libraries = new ArrayList<>();
        Path staging = Files.createTempDirectory("update-site-natives");
        try (Stream<Path> files = Files.list(libs)) {
            for (Path lib : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                libraries.addAll(libraryEntries(lib, staging, report));
            }
        }
        Entry pluginEntry = entry("plugins/" + plugin.getFileName(), plugin);
        List<Entry> all = new ArrayList<>(libraries);
        all.add(0, pluginEntry);
        for (String platform : PLATFORMS) {
            long bytes = downloadBytes(all, platform);
            // Natives-only jars (PyTorch's) are an optional feature's: they go where they fit, never past the limit.
            for (Entry e : List.copyOf(all)) {
                if (bytes > DOWNLOAD_LIMIT_BYTES && platform.equals(platformOf(e.path())) && NATIVES_ONLY_JAR.matcher(e.path()).matches()) {
                    all.remove(e);
                    libraries.remove(e);
                    report.add(String.format(java.util.Locale.ROOT, "left out (%s users would download %.1f MB with it, over %d MB): %s",
                            platform, bytes / 1e6, DOWNLOAD_LIMIT_BYTES / 1_000_000, e.path()));
                    bytes -= e.size();
                }
            }
            if (bytes > DOWNLOAD_LIMIT_BYTES) {
                throw new IOException(String.format(java.util.Locale.ROOT, "%s users would download %.1f MB, more than %d MB: "
                        + "leave libraries out of %s", platform, bytes / 1e6, DOWNLOAD_LIMIT_BYTES / 1_000_000, libs));
            }
            report.add(String.format(java.util.Locale.ROOT, "download for %s: %.1f MB", platform, bytes / 1e6));
        }
        for (Entry e : all) {
            Path target = out.resolve(e.path() + "-" + timestamp);
            Files.createDirectories(target.getParent());
            Files.copy(e.source(), target);
            report.add(e.path() + "-" + timestamp + "  " + e.size() + " bytes  sha1 " + e.checksum());
        }
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out.resolve("db.xml.gz")));
             Writer w = new java.io.OutputStreamWriter(gz, StandardCharsets.UTF_8)) {
            w.write(databaseXml(pluginEntry, libraries, timestamp));
        }
        report.add("db.xml.gz  (" + all.size() + " files)");
        try (Stream<Path> staged = Files.walk(staging)) {
            for (Path p : staged.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return report;
    }

    /** What one library of LIB_DIR becomes on the site: nothing, itself, or itself without natives plus a jar per platform. */
    static List<Entry> libraryEntries(Path lib, Path staging, List<String> report) throws IOException {
        String name = lib.getFileName().toString();
        String artifact = artifactName(name);
        if (FIJI_SHIPS.containsKey(artifact)) {
            String version = name.substring(Math.min(name.length(), artifact.length() + 1));
            if (!version.startsWith(FIJI_SHIPS.get(artifact))) {
                throw new IOException(name + " is not the version " + FIJI_SHIPS.get(artifact) + "x that Fiji is assumed to ship: "
                        + "check Fiji's jars/ and update FIJI_SHIPS, or build against Fiji's version");
            }
            report.add("left out (Fiji ships it): " + name);
            return List.of();
        }
        if (CLI_ONLY.contains(artifact)) {
            report.add("left out (command line only): " + name);
            return List.of();
        }
        java.util.regex.Matcher nativesOnly = NATIVES_ONLY_JAR.matcher(name);
        if (nativesOnly.matches()) {
            String platform = PLATFORM_FOLDER.get(nativesOnly.group(1));
            if (platform == null) {
                report.add("left out (no platform folder for " + nativesOnly.group(1) + "): " + name);
                return List.of();
            }
            return List.of(entry("jars/" + platform + "/" + name, lib));
        }
        Map<String, List<JarEntry>> byPlatform = new TreeMap<>();
        List<JarEntry> shared = new ArrayList<>();
        try (JarFile jar = new JarFile(lib.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                java.util.regex.Matcher m = NATIVE_DIR.matcher(e.getName());
                if (!m.find()) {
                    shared.add(e);
                } else if (!e.isDirectory() && !e.getName().contains(".dSYM/") && PLATFORM_FOLDER.containsKey(m.group(1))) {
                    byPlatform.computeIfAbsent(PLATFORM_FOLDER.get(m.group(1)), k -> new ArrayList<>()).add(e);
                }
            }
            if (byPlatform.isEmpty() && shared.size() == jar.size()) {
                return List.of(entry("jars/" + name, lib));
            }
            List<Entry> entries = new ArrayList<>();
            entries.add(entry("jars/" + name, copyEntries(jar, shared, staging.resolve(name))));
            String nativesName = artifact + "-natives" + name.substring(artifact.length());
            for (var platform : byPlatform.entrySet()) {
                Path natives = copyEntries(jar, platform.getValue(), Files.createDirectories(staging.resolve(platform.getKey())).resolve(nativesName));
                entries.add(entry("jars/" + platform.getKey() + "/" + nativesName, natives));
            }
            return entries;
        }
    }

    private static Path copyEntries(JarFile jar, List<JarEntry> entries, Path target) throws IOException {
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(target))) {
            for (JarEntry e : entries) {
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = jar.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return target;
    }

    /** What a user of {@code platform} downloads: every file but other platforms' natives. */
    static long downloadBytes(List<Entry> site, String platform) {
        return site.stream().filter(e -> platformOf(e.path()) == null || platform.equals(platformOf(e.path()))).mapToLong(Entry::size).sum();
    }

    /** The updater's platform folder a site path lies in, or null for a file every platform gets. */
    static String platformOf(String path) {
        String[] parts = path.split("/");
        return parts.length == 3 && parts[0].equals("jars") && PLATFORMS.contains(parts[1]) ? parts[1] : null;
    }

    static String databaseXml(Entry plugin, List<Entry> libraries, String timestamp) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<pluginRecords>\n");
        appendPlugin(sb, plugin, timestamp, "Sparse SAM: click a few structures in an H&E image, get every similar structure segmented.",
                libraries.stream().filter(e -> platformOf(e.path()) == null).toList());
        for (Entry lib : libraries) {
            appendPlugin(sb, lib, timestamp, null, List.of());
        }
        sb.append("</pluginRecords>\n");
        return sb.toString();
    }

    private static void appendPlugin(StringBuilder sb, Entry e, String timestamp, String description, List<Entry> dependencies) {
        sb.append("    <plugin filename=\"").append(xml(e.path())).append("\">\n");
        if (platformOf(e.path()) != null) {
            sb.append("        <platform>").append(platformOf(e.path())).append("</platform>\n");
        }
        sb.append("        <version checksum=\"").append(e.checksum()).append("\" timestamp=\"").append(timestamp)
                .append("\" filesize=\"").append(e.size()).append("\">\n");
        if (description != null) {
            sb.append("            <description>").append(xml(description)).append("</description>\n");
        }
        for (Entry d : dependencies) {
            sb.append("            <dependency filename=\"").append(xml(d.path())).append("\" timestamp=\"").append(timestamp).append("\"/>\n");
        }
        sb.append("        </version>\n");
        sb.append("    </plugin>\n");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Entry entry(String path, Path file) throws IOException {
        return new Entry(path, file, checksum(path, file), Files.size(file));
    }

    /** "onnxruntime-1.29.0.jar" -> "onnxruntime": the name before the first "-<digit>". */
    static String artifactName(String fileName) {
        String base = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-\\d").matcher(base);
        return m.find() ? base.substring(0, m.start()) : base;
    }

    static String checksum(String path, Path file) throws IOException {
        MessageDigest sha1 = sha1();
        if (!path.endsWith(".jar")) {
            sha1.update(path.getBytes(StandardCharsets.US_ASCII));
            sha1.update(Files.readAllBytes(file));
            return HexFormat.of().formatHex(sha1.digest());
        }
        try (JarFile jar = new JarFile(file.toFile())) {
            List<JarEntry> entries = new ArrayList<>(java.util.Collections.list(jar.entries()));
            entries.sort(Comparator.comparing(JarEntry::getName));
            for (JarEntry entry : entries) {
                sha1.update(entry.getName().getBytes(StandardCharsets.US_ASCII));
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (entry.getName().endsWith(".properties")) {
                    bytes = withoutHashedLines(bytes);
                }
                if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                    bytes = manifestMainClassLines(bytes);
                }
                sha1.update(bytes);
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /**
     * The updater's filter for .properties entries, byte for byte: at a line start, a '#' swallows everything up to
     * and including the next newline, and that newline is kept in its place. Its reading is recursive, so the first
     * character after the '#' is again looked at "at line start" (a second '#' there starts a nested skip), and the
     * newline that ends a skipped line does not count as a new line start when the skipped line was just "#".
     */
    static byte[] withoutHashedLines(byte[] bytes) throws IOException {
        class Skipper extends FilterInputStream {
            boolean atLineStart = true;

            Skipper(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                int ch = in.read();
                if (atLineStart) {
                    if (ch == '#') {
                        do {
                            ch = read();
                        } while (ch != '\n' && ch != -1);
                    } else {
                        atLineStart = false;
                    }
                } else if (ch == '\n') {
                    atLineStart = true;
                }
                return ch;
            }
        }
        Skipper skipper = new Skipper(new java.io.ByteArrayInputStream(bytes));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int ch; (ch = skipper.read()) != -1; ) {
            out.write(ch);
        }
        return out.toByteArray();
    }

    /** The updater keeps only manifest lines whose upper-cased text starts with "Main-Class:", i.e. none. */
    static byte[] manifestMainClassLines(byte[] bytes) {
        StringBuilder kept = new StringBuilder();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n|\r")) {
            if (line.toUpperCase(java.util.Locale.ROOT).startsWith("Main-Class:")) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
