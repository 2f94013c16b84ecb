#!/usr/bin/env bash
# Trains and evaluates a lesion model with TF Java (see README, Models), e.g.
#   bash native/train.sh --dataset busi --size 224 --epochs 60 --freeze-epochs 4   (models/busi-ultrasound)
#   bash native/train.sh --dataset mias --canvas 1024 --size 224 --epochs 12       (models/mias-mammography, tile detector)
#   bash native/train.sh --dataset cbis --canvas 1024 --size 224 --data DIR        (DIR/cbis-ddsm in the official layout)
#   bash native/train.sh --dataset mias --existing true                            (no training: operating point + test report for the model there)
# Resumes from target/training/NAME after an interruption; MVN_FLAGS=-Pgpu for CUDA.
exec bash "$(dirname "$0")/run-class.sh" org.mammoai.node.training.TrainCommand "$@"
