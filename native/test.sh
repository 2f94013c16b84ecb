#!/usr/bin/env bash
# Runs every test (unit, in-process against real dcmtk peers, and the packaged node as a process).
set -euo pipefail
cd "$(dirname "$0")/.."
bash native/setup.sh
mvn -B verify "$@"
