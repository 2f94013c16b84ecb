#!/usr/bin/env bash
# Installs what the build and tests need on Debian: the DICOM toolkit and peers from apt, and the
# PixelMed jars (not on Maven Central) into the local Maven repository. Idempotent; a no-op when done.
set -euo pipefail

APT_PACKAGES=(openjdk-17-jdk-headless maven libpixelmed-java libpixelmed-imageio-java dcmtk dicom3tools orthanc openssl
  gcc pkg-config libopenjp2-7-dev libopenjp2-tools # our OpenJPEG binding; opj_decompress is the benchmarks' baseline
  chromium chromium-driver) # the last two: the console's browser tests
PIXELMED_JAR=/usr/share/java/pixelmed-20220618.jar
PIXELMED_IMAGEIO_JAR=/usr/share/java/pixelmed_imageio-20200328.jar
M2_REPO="${MAVEN_REPO:-$HOME/.m2/repository}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Node.js reads our results back with dcmjs (the toolkit OHIF uses) in the tests; a machine that has node keeps its own
command -v node >/dev/null && command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing from Debian (a minute or two on a new machine): ${missing[*]}"
  echo "setup:   refreshing the package lists"
  as_root apt-get update -qq
  # one line per package set up, instead of apt's full output or a silent minute
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" 2>&1 \
    | sed -n -e 's/^Setting up \([^ ]*\) .*/setup:   set up \1/p' -e 's/^E: /setup: apt error: /p'
  echo "setup: Debian packages done"
fi

install_jar() { # file groupId artifactId version
  local target="$M2_REPO/${2//.//}/$3/$4/$3-$4.jar"
  if [ ! -f "$target" ] || ! cmp -s "$1" "$target"; then
    echo "setup: installing $1 as $2:$3:$4"
    MAVEN_OPTS="-Djansi.noreset=true ${MAVEN_OPTS:-}" mvn -q -B install:install-file -Dfile="$1" -DgroupId="$2" -DartifactId="$3" -Dversion="$4" -Dpackaging=jar
  fi
}
install_jar "$PIXELMED_JAR" com.pixelmed pixelmed 20220618
install_jar "$PIXELMED_IMAGEIO_JAR" com.pixelmed pixelmed-imageio 20200328

# dcmjs at the version package-lock.json pins, for the read-back test (src/test/js)
DCMJS_DIR="$(cd "$(dirname "$0")/.." && pwd)/src/test/js"
if [ ! -f "$DCMJS_DIR/node_modules/.package-lock.json" ] || ! cmp -s "$DCMJS_DIR/package-lock.json" "$DCMJS_DIR/node_modules/.setup-lock"; then
  echo "setup: installing dcmjs for the read-back test (npm ci in src/test/js)"
  (cd "$DCMJS_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && cp package-lock.json node_modules/.setup-lock)
fi

# the OpenJPEG binding (JPEG 2000 decoding several times faster than the pure-Java codec), rebuilt when its source changes
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -f "$ROOT/native/lib/libmammo_openjpeg.so" ] || [ "$ROOT/native/openjpeg/mammo_openjpeg.c" -nt "$ROOT/native/lib/libmammo_openjpeg.so" ]; then
  echo "setup: building native/lib/libmammo_openjpeg.so (OpenJPEG binding)"
  bash "$ROOT/native/openjpeg/build.sh"
fi
