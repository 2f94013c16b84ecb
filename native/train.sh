#!/usr/bin/env bash
# Trains and evaluates a lesion model with TF Java, e.g.
#   bash native/train.sh --dataset busi --epochs 40            (models/busi-ultrasound)
#   bash native/train.sh --dataset mias --size 256 --epochs 40 (models/mias-mammography)
# Resumes from target/training/NAME after an interruption; add -Pgpu to MVN_FLAGS for CUDA.
set -euo pipefail
cd "$(dirname "$0")/.."
bash native/setup.sh
mvn -B -q ${MVN_FLAGS:-} compile
CP="target/classes:$(mvn -B -q ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)"
exec java -Xmx12g -cp "$CP" org.mammoai.node.training.TrainCommand "$@"
