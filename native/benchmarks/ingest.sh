#!/usr/bin/env bash
# Ingest throughput: storescu sends N mammogram-sized files (default 200 x 2048x2048x16 bit, ~8 MB)
# over loopback, in one association, to dcmtk's storescp and to the node (which fsyncs every file and
# catalogs it before answering), alternating for ROUNDS rounds. Prints and writes MB/s medians and
# the node/storescp ratio to native/benchmarks/results/ingest.md. Not a test: nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${COUNT:-200}; ROWS=${ROWS:-2048}; COLS=${COLS:-2048}; ROUNDS=${ROUNDS:-3}
WORK=${WORK:-$(mktemp -d /tmp/mammo-bench.XXXXXX)}
SCP_PORT=11311; NODE_PORT=11312; HTTP_PORT=18080
RESULTS=native/benchmarks/results/ingest.md

bash native/setup.sh
mvn -B -q package test-compile -DskipTests
CP="target/test-classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
java -cp "$CP" org.mammoai.node.testing.WriteMammograms "$WORK/files" "$COUNT" "$ROWS" "$COLS"
BYTES=$(du -cb "$WORK"/files/*.dcm | tail -1 | cut -f1)

cat > "$WORK/node.yaml" <<YAML
local: {aeTitle: BENCH, bindAddress: 127.0.0.1, port: $NODE_PORT}
allowedCallingAeTitles: [STORESCU]
YAML

mbps() { awk -v b="$BYTES" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
send() { # port -> seconds
  local t0 t1; t0=$(date +%s.%N)
  storescu -aet STORESCU -aec BENCH 127.0.0.1 "$1" "$WORK"/files/*.dcm
  t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
wait_port() { for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return; sleep 0.2; done; echo "port $1 not up"; exit 1; }

scp_times=(); node_times=()
for round in $(seq "$ROUNDS"); do
  rm -rf "$WORK/scp" "$WORK/node"; mkdir -p "$WORK/scp" "$WORK/node"
  storescp -aet BENCH -od "$WORK/scp" "$SCP_PORT" & SCP_PID=$!
  wait_port "$SCP_PORT"; sync
  scp_times+=("$(send "$SCP_PORT")"); kill "$SCP_PID"; wait "$SCP_PID" 2>/dev/null || true

  (cd "$WORK/node" && exec java -Dmammo.dicom-config="$WORK/node.yaml" -Dmammo.spool.dir="$WORK/node/spool" \
      -Dquarkus.datasource.jdbc.url="jdbc:h2:file:$WORK/node/catalog;WRITE_DELAY=0" -Dquarkus.http.port=$HTTP_PORT -Dmammo.access.initial-admin-password=benchmark-admin \
      -jar "$OLDPWD/target/quarkus-app/quarkus-run.jar" > "$WORK/node/log" 2>&1) & NODE_PID=$!
  wait_port "$NODE_PORT"; sync
  node_times+=("$(send "$NODE_PORT")")
  stored=$(curl -s -u admin:benchmark-admin "http://127.0.0.1:$HTTP_PORT/api/studies" | grep -o '"instanceCount":[0-9]*' | cut -d: -f2)
  kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true
  [ "$stored" = "$COUNT" ] || { echo "node cataloged $stored of $COUNT"; exit 1; }
  echo "round $round: storescp ${scp_times[-1]} s ($(mbps "${scp_times[-1]}") MB/s), node ${node_times[-1]} s ($(mbps "${node_times[-1]}") MB/s)"
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
scp_med=$(median "${scp_times[@]}"); node_med=$(median "${node_times[@]}")
ratio=$(awk -v n="$node_med" -v s="$scp_med" 'BEGIN { printf "%.2f", s / n }')
summary="$COUNT files, $(awk -v b="$BYTES" 'BEGIN { printf "%.0f", b / 1e6 }') MB per round, $ROUNDS rounds, $(nproc) cores: storescp median $(mbps "$scp_med") MB/s, node (fsync + catalog) median $(mbps "$node_med") MB/s, node/storescp = $ratio"
echo "$summary"
mkdir -p "$(dirname "$RESULTS")"
{ echo "# Ingest benchmark ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores)"; echo;
  echo "$summary"; echo; echo "| round | storescp s | node s |"; echo "|---|---|---|";
  for i in "${!scp_times[@]}"; do echo "| $((i + 1)) | ${scp_times[$i]} | ${node_times[$i]} |"; done; } > "$RESULTS"
rm -rf "$WORK"
