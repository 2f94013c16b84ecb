#!/usr/bin/env bash
# Builds native/lib/libmammo_openjpeg.so against Debian's OpenJPEG (libopenjp2-7-dev) and the JDK's JNI
# headers. Optional: without it the node decodes JPEG 2000 with the pure-Java codec (slower).
set -euo pipefail
cd "$(dirname "$0")"
JDK_HOME=${JDK_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
mkdir -p ../lib
gcc -O2 -fPIC -shared -Wall -Wextra -Werror -I"$JDK_HOME/include" -I"$JDK_HOME/include/linux" \
  $(pkg-config --cflags libopenjp2) -o ../lib/libmammo_openjpeg.so mammo_openjpeg.c $(pkg-config --libs libopenjp2)
