#!/usr/bin/env bash
# Runs the node: installs what is missing, builds, and starts it with the embedded database and the
# bundled models. DICOM on the port in dicom-config/node.yaml (11112), HTTP on 8080. Data in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash native/setup.sh
mvn -B -q package -DskipTests ${MVN_FLAGS:-}   # MVN_FLAGS=-Pgpu: CUDA build of TensorFlow
# A bounded heap (the JVM would take a quarter of the machine): pixels, OpenCV and TensorFlow memory are native, outside
# it. With the default 2 workers on full-field (26 MP) images the node stays within about 3 GB resident; see README.
DEFAULT_JAVA_OPTS="-Xmx1536m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
umask 077   # the catalog, logs and anything else written: owner only (patient data)
exec java ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} -jar target/quarkus-app/quarkus-run.jar "$@"
