#!/usr/bin/env bash
# Checks that need the real datasets (not in the default test suite, which a clone without data must pass):
#   bash native/evaluate.sh --data ../shared/data [--samples ../shared/dicom-samples]
# Every bundled model is re-evaluated on its committed test split and must reproduce its evaluation.json;
# real DICOM files, if given, are decoded and run through the model of their modality.
set -euo pipefail
cd "$(dirname "$0")/.."
bash native/setup.sh
mvn -B -q ${MVN_FLAGS:-} compile
CP="target/classes:$(mvn -B -q ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)"
exec java -Xmx8g -cp "$CP" org.mammoai.node.training.EvaluateCommand "$@"
