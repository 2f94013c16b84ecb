#!/usr/bin/env bash
# Two analysis steps on a full-field mammogram's grid (5355x4915): decoding an uncompressed 16-bit frame and
# turning a lesion probability map into lesions. Medians of RUNS runs in one JVM, written to
# native/benchmarks/results/analysis-steps.md. Not a test: nothing asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-7}
RESULTS=native/benchmarks/results/analysis-steps.md

bash native/setup.sh
mvn -B -q package test-compile -DskipTests
CP="target/test-classes:target/classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
table=$(java -Xmx8g -cp "$CP" org.mammoai.node.testing.AnalysisStepsBenchmark "$RUNS" 2>/dev/null | grep '^|')
echo "$table"
mkdir -p "$(dirname "$RESULTS")"
{ echo "# Analysis steps benchmark ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, -Xmx8g)"; echo; echo "$table"; echo
  echo "Before the bounding-box LesionFinder (commit 4e4e5ff), the same map took a median of 5258 ms against 750 ms"
  echo "after, in one ad hoc run on this machine (same lesions and outlines)."; } > "$RESULTS"
echo "written to $RESULTS"
