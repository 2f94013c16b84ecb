#!/usr/bin/env bash
# Compiles the project and runs one of its main classes on the runtime classpath (training, evaluation):
#   bash native/run-class.sh org.mammoai.node.training.TrainCommand --dataset busi ...
# MVN_FLAGS=-Pgpu for the CUDA build; JAVA_OPTS to change the heap (default -Xmx12g).
set -euo pipefail
cd "$(dirname "$0")/.."
bash native/setup.sh
mvn -B -q ${MVN_FLAGS:-} compile
CP="target/classes:$(mvn -B -q ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)"
exec java ${JAVA_OPTS:--Xmx12g} -cp "$CP" "$@"
