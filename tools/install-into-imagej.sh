#!/usr/bin/env bash
# Installs Sparse SAM into a plain ImageJ 1 (1.54 or later): Sparse_SAM-<version>.jar into IMAGEJ/plugins/ and the
# libraries it needs into IMAGEJ/plugins/jars/ (ImageJ's own jar excluded). Builds first when target/ holds no jar.
# An older Sparse_SAM-*.jar is removed, so that no command is registered twice. For Fiji use the update site
# (tools/make-update-site.sh): Fiji ships some of these libraries in its own versions.
# Usage: tools/install-into-imagej.sh IMAGEJ_FOLDER    (the folder that holds ij.jar and plugins/)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -ne 1 ]; then
    echo "error: give the ImageJ folder (the one that holds ij.jar and plugins/): tools/install-into-imagej.sh IMAGEJ_FOLDER" >&2
    exit 1
fi
dest="$1"
if [ ! -d "$dest/plugins" ]; then
    echo "error: $dest/plugins is not a folder: give the ImageJ folder that holds ij.jar and plugins/." >&2
    exit 1
fi
built_jar() { ls "$home"/target/Sparse_SAM-*.jar 2>/dev/null | grep -v -- '-sources' | head -n 1 || true; }
jar="$(built_jar)"
if [ -z "$jar" ] || [ ! -d "$home/target/lib" ]; then
    (cd "$home" && mvn -q -B -DskipTests package)
    jar="$(built_jar)"
fi
rm -f "$dest"/plugins/Sparse_SAM-*.jar
cp "$jar" "$dest/plugins/"
mkdir -p "$dest/plugins/jars"
for lib in "$home"/target/lib/*.jar; do
    case "$(basename "$lib")" in
        ij-*) ;;
        *) cp "$lib" "$dest/plugins/jars/" ;;
    esac
done
echo "Installed $(basename "$jar") into $dest/plugins and its libraries into $dest/plugins/jars; restart ImageJ."
