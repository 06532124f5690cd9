#!/usr/bin/env bash
# Builds the plugin and lays out a Fiji update site in target/update-site (or the folder given):
#   plugins/Sparse_SAM-<version>.jar-<stamp>, jars/onnxruntime-<version>.jar-<stamp>, db.xml.gz
# Upload the folder's contents to any web server (or a sites.imagej.net site) and add its URL in
# Fiji: Help > Update... > Manage Update Sites > Add Unlisted Site. Usage: tools/make-update-site.sh [OUT_DIR]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$home/target/update-site}"
(cd "$home" && mvn -q -B -DskipTests package)
jar=$(ls "$home"/target/Sparse_SAM-*.jar | grep -v -- '-sources' | head -n 1)
rm -rf "$out"
mkdir -p "$out"
java "$home/tools/MakeUpdateSite.java" "$jar" "$home/target/lib" "$out"
echo "Update site in $out"
