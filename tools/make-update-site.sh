#!/usr/bin/env bash
# Builds the plugin and lays out a Fiji update site in target/update-site (or the folder given): the plugin in
# plugins/, shared libraries in jars/, each platform's natives in jars/linux64, jars/win64 and jars/macosx, and
# db.xml.gz (see tools/MakeUpdateSite.java, which also leaves out what Fiji ships and keeps every platform's
# download under 80 MB). PyTorch's natives for macOS come from Maven Central (network needed once).
# Upload the folder's contents to any web server (or a sites.imagej.net site) and add its URL in
# Fiji: Help > Update... > Manage Update Sites > Add Unlisted Site. Usage: tools/make-update-site.sh [OUT_DIR]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$home/target/update-site}"
(cd "$home" && mvn -q -B -DskipTests package)
jar=$(ls "$home"/target/Sparse_SAM-*.jar | grep -v -- '-sources' | head -n 1)
libs="$home/target/update-site-libs"
rm -rf "$libs"
mkdir -p "$libs"
cp "$home"/target/lib/*.jar "$libs"/
# The build has PyTorch's Linux natives; macOS's fit that platform's download, Windows's (76 MB) would not.
pytorch=$(ls "$home"/target/lib/pytorch-native-cpu-*-linux-x86_64.jar | sed -E 's/.*pytorch-native-cpu-(.*)-linux-x86_64\.jar/\1/')
(cd "$home" && mvn -q -B dependency:copy -Dartifact="ai.djl.pytorch:pytorch-native-cpu:$pytorch:jar:osx-aarch64" -DoutputDirectory="$libs")
rm -rf "$out"
mkdir -p "$out"
java "$home/tools/MakeUpdateSite.java" "$jar" "$libs" "$out"
echo "Update site in $out"
