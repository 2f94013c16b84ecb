#!/usr/bin/env bash
# Checks that need the real datasets (not in the default test suite, which a clone without data must pass):
#   bash native/evaluate.sh --data ../shared/data [--samples ../shared/dicom-samples] [--pretrained DIR]
# Every bundled model is re-evaluated on its committed test split and must reproduce its evaluation.json;
# real DICOM files, if given, are decoded and run through the model of their modality; with --pretrained the
# MobileNetV2 encoder is checked against the reference forward pass stored with the weights.
JAVA_OPTS="${JAVA_OPTS:--Xmx8g}" exec bash "$(dirname "$0")/run-class.sh" org.mammoai.node.training.EvaluateCommand "$@"
