// Lays out a Fiji update site from a Maven build. Usage (tools/make-update-site.sh runs it after `mvn package`):
//   java tools/MakeUpdateSite.java PLUGIN_JAR LIB_DIR OUT_DIR [TIMESTAMP]
// PLUGIN_JAR is target/Sparse_SAM-<version>.jar, LIB_DIR is target/lib (runtime dependencies), OUT_DIR the site folder,
// TIMESTAMP (yyyyMMddHHmmss, default: now in UTC) the version stamp of every file.
//
// What it writes, in the format the ImageJ updater (net.imagej:imagej-updater) reads; that library is only on
// maven.scijava.org, not Maven Central, so this is our own code, written to its format:
//   OUT_DIR/plugins/Sparse_SAM-<version>.jar-<TIMESTAMP>   the plugin (ImageJ 1 needs the underscore)
//   OUT_DIR/jars/<library>.jar-<TIMESTAMP>                 each dependency Fiji does not ship (see FIJI_SHIPS)
//   OUT_DIR/db.xml.gz                                       the index: <pluginRecords> with one <plugin filename=...>
//                                                           per file, <version checksum timestamp filesize>, the
//                                                           plugin's <dependency> on each library
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
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

public final class MakeUpdateSite {
    /**
     * Libraries a current Fiji (2.16, pom-scijava 40) already ships in jars/, by artifact name: installing our copy
     * too would put two versions on Fiji's class path. Assumed from Fiji's known contents (not checked against a
     * live Fiji, which this machine cannot reach): ImageJ 1.54p, scijava-common 2.99, parsington, gson 2.10.
     * picocli is left out too: only the command line uses it, never the Fiji commands.
     */
    static final List<String> FIJI_SHIPS = List.of("ij", "scijava-common", "parsington", "gson", "picocli");

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
        List<Entry> libraries = new ArrayList<>();
        try (Stream<Path> files = Files.list(libs)) {
            for (Path lib : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                if (!FIJI_SHIPS.contains(artifactName(lib.getFileName().toString()))) {
                    libraries.add(entry("jars/" + lib.getFileName(), lib));
                }
            }
        }
        Entry pluginEntry = entry("plugins/" + plugin.getFileName(), plugin);
        List<Entry> all = new ArrayList<>(libraries);
        all.add(0, pluginEntry);
        List<String> report = new ArrayList<>();
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
        return report;
    }

    static String databaseXml(Entry plugin, List<Entry> libraries, String timestamp) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<pluginRecords>\n");
        appendPlugin(sb, plugin, timestamp, "Sparse SAM: click a few structures in an H&E image, get every similar structure segmented.", libraries);
        for (Entry lib : libraries) {
            appendPlugin(sb, lib, timestamp, null, List.of());
        }
        sb.append("</pluginRecords>\n");
        return sb.toString();
    }

    private static void appendPlugin(StringBuilder sb, Entry e, String timestamp, String description, List<Entry> dependencies) {
        sb.append("    <plugin filename=\"").append(xml(e.path())).append("\">\n");
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
