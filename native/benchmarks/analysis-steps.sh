#!/usr/bin/env bash
# Analysis steps on a full-field mammogram's grid (5355x4915): decoding an uncompressed 16-bit frame, decoding a
# JPEG 2000 lossless frame (our OpenJPEG binding, the pure-Java codec, opj_decompress -threads 2 as the floor; full
# size and at the working grid's level) and turning a lesion probability map into lesions. Medians of RUNS runs in one JVM, written to
# native/benchmarks/results/analysis-steps.md. Not a test: nothing asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-7}
RESULTS=native/benchmarks/results/analysis-steps.md

bash native/setup.sh
mvn -B -q package test-compile -DskipTests
CP="target/test-classes:target/classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
out=$(java -Xmx8g -cp "$CP" org.mammoai.node.testing.AnalysisStepsBenchmark "$RUNS" 2>/dev/null)
table=$(grep '^|' <<<"$out"); ratio=$(sed -n 's/^j2kDecodeVsOpenJpeg=//p' <<<"$out")
jpeg_ratio=$(sed -n 's/^jpegLosslessVsDcmtk=//p' <<<"$out")
echo "$table"; echo "full JPEG 2000 decode, binding / opj_decompress: $ratio; JPEG lossless, ours / dcmdjpeg: $jpeg_ratio"
mkdir -p "$(dirname "$RESULTS")"
{ echo "# Analysis steps benchmark ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, -Xmx8g)"; echo; echo "$table"; echo
  echo "Full-size JPEG 2000 decode, our OpenJPEG binding (read + decode + mapping to 16-bit MONOCHROME2) / opj_decompress -threads 2: **$ratio**"
  echo "(the codestream is jai-imageio's lossless encoding of the noisy phantom: 33 quality layers, 5 levels, 2.3:1)."
  echo "JPEG lossless, our decoder (read + decode + mapping) / dcmdjpeg (read + decode + write): **$jpeg_ratio**."; echo
  echo "Before the bounding-box LesionFinder (commit 4e4e5ff), the same map took a median of 5258 ms against 750 ms"
  echo "after, in one ad hoc run on this machine (same lesions and outlines)."; } > "$RESULTS"
echo "written to $RESULTS"
java -cp "$CP" org.mammoai.node.testing.BenchmarkSummary native/benchmarks/results/summary.json j2kDecodeVsOpenJpeg="$ratio" jpegLosslessVsDcmtk="$jpeg_ratio"
