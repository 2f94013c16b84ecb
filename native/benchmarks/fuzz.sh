#!/usr/bin/env bash
# A long fuzzing run of the DICOM listener: the test suite's FuzzTest with many more cases (default 5000; CASES=N,
# SEED=S). Writes the figures (cases per family and answer, the invariants held) to native/benchmarks/results/fuzz.md.
# A failing case is replayed with the same SEED and CASES.
set -euo pipefail
cd "$(dirname "$0")/../.."
CASES=${CASES:-5000}; SEED=${SEED:-$(date +%s)}
bash native/setup.sh
mvn -B test -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.cases="$CASES" -Dfuzz.seed="$SEED" \
    -Dfuzz.results="$PWD/native/benchmarks/results/fuzz.md"
cat native/benchmarks/results/fuzz.md
