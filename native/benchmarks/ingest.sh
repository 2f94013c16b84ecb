#!/usr/bin/env bash
# Ingest throughput over loopback: storescu sends synthetic mammograms to four receivers, all with Nagle off
# (TCP_NODELAY=1 for dcmtk's storescu/storescp and for Debian's Orthanc, which uses the same dcmtk network layer;
# the node sets TCP_NODELAY itself):
#   storescp  dcmtk's storescp --fork, writing files (no fsync, no database)
#   orthanc   Debian's Orthanc with its defaults (SQLite index, storage area)
#   node      the node without models (fsync + catalog before each C-STORE response)
#   node+ai   the node with the bundled models, analysing what arrives while it receives
# Cases: large (LARGE_COUNT x 2048x2048 16 bit, ~8.4 MB) and small (SMALL_COUNT x 512x512, ~0.5 MB) files, in 1
# association and split over 4 concurrent ones. Medians of ROUNDS rounds; each round starts every receiver afresh, times
# the first COLD_COUNT small files it gets (1 association: the "just started" figure), then sends it an untimed warm-up
# (WARMUP_COUNT more small files), as a node that has been running a while would be: on 2 cores the JVM's compiler
# takes most of a core for the first ~2000 instances. The node's analysis of those finishes before the timed cases.
# Writes native/benchmarks/results/ingest.md and the ingest* ratios of summary.json. Not a test: nothing asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
LARGE_COUNT=${LARGE_COUNT:-100}; SMALL_COUNT=${SMALL_COUNT:-400}; ROUNDS=${ROUNDS:-3}; COLD_COUNT=${COLD_COUNT:-400}; WARMUP_COUNT=${WARMUP_COUNT:-1600}
WORK=${WORK:-$(mktemp -d /tmp/mammo-bench.XXXXXX)}
SCP_PORT=11311; NODE_PORT=11312; HTTP_PORT=18080; ORTHANC_PORT=11313; ORTHANC_HTTP=18043
RESULTS=native/benchmarks/results/ingest.md
NODE_JAVA_OPTS=$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' native/run.sh)
export TCP_NODELAY=1 # dcmtk 3.6.7 (storescu, storescp, Orthanc's DICOM layer): Nagle off

bash native/setup.sh
mvn -B -q package test-compile -DskipTests
CP="target/test-classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
CASES=(large-1 large-4 small-1 small-4)
for c in "${CASES[@]}"; do
  if [[ $c == large* ]]; then n=$LARGE_COUNT; side=2048; else n=$SMALL_COUNT; side=512; fi
  java -cp "$CP" org.mammoai.node.testing.WriteMammograms "$WORK/files/$c" "$n" "$side" "$side" 2>/dev/null
  # 4 associations: the files dealt into 4 folders, one storescu each
  if [[ $c == *-4 ]]; then i=0; for f in "$WORK/files/$c"/*.dcm; do mkdir -p "$WORK/files/$c/$((i % 4))"; mv "$f" "$WORK/files/$c/$((i % 4))/"; i=$((i + 1)); done; fi
done
java -cp "$CP" org.mammoai.node.testing.WriteMammograms "$WORK/files/cold" "$COLD_COUNT" 512 512 2>/dev/null
java -cp "$CP" org.mammoai.node.testing.WriteMammograms "$WORK/files/warmup" "$WARMUP_COUNT" 512 512 2>/dev/null
bytes() { du -cb $(find "$WORK/files/$1" -name '*.dcm') | tail -1 | cut -f1; }
count() { find "$WORK/files/$1" -name '*.dcm' | wc -l; }

cat > "$WORK/node.yaml" <<YAML
local: {aeTitle: BENCH, bindAddress: 127.0.0.1, port: $NODE_PORT}
allowedCallingAeTitles: [STORESCU]
YAML
mkdir -p "$WORK/no-models"

now() { date +%s.%N; }
send() { # case port -> seconds from the first association's start to the last one's end
  local t0 t1; t0=$(now)
  if [[ $1 == *-4 ]]; then
    for k in 0 1 2 3; do storescu -aet STORESCU -aec BENCH 127.0.0.1 "$2" "$WORK/files/$1/$k/"*.dcm & done; wait
  else
    storescu -aet STORESCU -aec BENCH 127.0.0.1 "$2" "$WORK/files/$1/"*.dcm
  fi
  t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
warm_up() { # receiver port: times the cold files into T[receiver,cold], then sends the warm-up untimed
  T[$1,cold]+="$(send cold "$2") "
  storescu -aet STORESCU -aec BENCH 127.0.0.1 "$2" "$WORK/files/warmup/"*.dcm
}
idle_node() { # until the node has no analysis queued or running (the warm-up queued its jobs just after its responses)
  sleep 2
  for _ in $(seq 600); do
    m=$(curl -s "http://127.0.0.1:$HTTP_PORT/q/metrics" | grep -E '^mammo_jobs\{state="(queued|running)"\}' | awk '{ s += $2 } END { print s + 0 }')
    [ "$m" = 0 ] && return; sleep 0.5
  done
}
wait_port() { for _ in $(seq 300); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return; sleep 0.2; done; echo "port $1 not up"; exit 1; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
declare -A T # T[receiver,case] = "seconds seconds ..."

start_node() { # models dir
  rm -rf "$WORK/node"; mkdir -p "$WORK/node"
  (cd "$WORK/node" && exec java $NODE_JAVA_OPTS -Dmammo.dicom-config="$WORK/node.yaml" -Dmammo.spool.dir="$WORK/node/spool" \
      -Dmammo.results.dir="$WORK/node/results" -Dmammo.models.dir="$1" -Dmammo.openjpeg.library="$OLDPWD/native/lib/libmammo_openjpeg.so" \
      -Dquarkus.datasource.jdbc.url="jdbc:h2:file:$WORK/node/catalog;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000" -Dquarkus.http.port=$HTTP_PORT \
      -Dmammo.access.initial-admin-password=benchmark-admin -jar "$OLDPWD/target/quarkus-app/quarkus-run.jar" > "$WORK/node/log" 2>&1) &
  NODE_PID=$!; wait_port "$NODE_PORT"; wait_port "$HTTP_PORT"
}

for round in $(seq "$ROUNDS"); do
  rm -rf "$WORK/scp"; mkdir -p "$WORK/scp"
  storescp --fork -aet BENCH -od "$WORK/scp" "$SCP_PORT" & SCP_PID=$!; wait_port "$SCP_PORT"; warm_up storescp "$SCP_PORT"
  for c in "${CASES[@]}"; do sync; T[storescp,$c]+="$(send "$c" "$SCP_PORT") "; done
  stop "$SCP_PID"

  rm -rf "$WORK/pacs"; mkdir -p "$WORK/pacs"
  cat > "$WORK/pacs/orthanc.json" <<JSON
{"Name": "bench", "StorageDirectory": "$WORK/pacs/db", "IndexDirectory": "$WORK/pacs/db", "DicomAet": "BENCH",
 "DicomPort": $ORTHANC_PORT, "HttpPort": $ORTHANC_HTTP, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
 "DicomCheckCalledAet": false, "Plugins": []}
JSON
  "$(command -v Orthanc || echo /usr/sbin/Orthanc)" "$WORK/pacs/orthanc.json" > "$WORK/pacs/log" 2>&1 & PACS_PID=$!
  wait_port "$ORTHANC_PORT"; warm_up orthanc "$ORTHANC_PORT"
  for c in "${CASES[@]}"; do sync; T[orthanc,$c]+="$(send "$c" "$ORTHANC_PORT") "; done
  stop "$PACS_PID"

  for receiver in node node+ai; do
    if [ "$receiver" = node ]; then start_node "$WORK/no-models"; else start_node "$PWD/models"; fi
    warm_up "$receiver" "$NODE_PORT"; idle_node
    for c in "${CASES[@]}"; do sync; T[$receiver,$c]+="$(send "$c" "$NODE_PORT") "; done
    stored=$(curl -s -u admin:benchmark-admin "http://127.0.0.1:$HTTP_PORT/api/studies" | grep -o '"instanceCount":[0-9]*' | cut -d: -f2 | paste -sd+ | bc)
    stop "$NODE_PID"
    expected=$(( 2 * LARGE_COUNT + 2 * SMALL_COUNT + COLD_COUNT + WARMUP_COUNT ))
    [ "$stored" = "$expected" ] || { echo "$receiver cataloged $stored of $expected"; exit 1; }
  done
  echo "round $round done"
done

median() { printf '%s\n' $1 | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; } # throughput ratio from times a (ours) and b (theirs)
table="| case | files | MB | storescp MB/s | Orthanc MB/s | node MB/s | node+ai MB/s | node/storescp | node/Orthanc | node+ai/storescp | node+ai/Orthanc |
|---|---|---|---|---|---|---|---|---|---|---|"
min_scp=99; min_orthanc=99
for c in "${CASES[@]}"; do
  b=$(bytes "$c"); s=$(median "${T[storescp,$c]}"); o=$(median "${T[orthanc,$c]}"); n=$(median "${T[node,$c]}"); a=$(median "${T[node+ai,$c]}")
  table+="
| $c | $(count "$c") | $(awk -v b="$b" 'BEGIN { printf "%.0f", b / 1e6 }') | $(mbps "$b" "$s") | $(mbps "$b" "$o") | $(mbps "$b" "$n") | $(mbps "$b" "$a") | $(ratio "$n" "$s") | $(ratio "$n" "$o") | $(ratio "$a" "$s") | $(ratio "$a" "$o") |"
  min_scp=$(awk -v m="$min_scp" -v r="$(ratio "$n" "$s")" 'BEGIN { print (r < m) ? r : m }')
  min_orthanc=$(awk -v m="$min_orthanc" -v r="$(ratio "$n" "$o")" 'BEGIN { print (r < m) ? r : m }')
done
b=$(bytes cold); s=$(median "${T[storescp,cold]}"); o=$(median "${T[orthanc,cold]}"); n=$(median "${T[node,cold]}"); a=$(median "${T[node+ai,cold]}")
cold_orthanc=$(ratio "$n" "$o")
cold="| just started | $(count cold) | $(awk -v b="$b" 'BEGIN { printf "%.0f", b / 1e6 }') | $(mbps "$b" "$s") | $(mbps "$b" "$o") | $(mbps "$b" "$n") | $(mbps "$b" "$a") | $(ratio "$n" "$s") | $cold_orthanc | $(ratio "$a" "$s") | $(ratio "$a" "$o") |"
echo "$table"; echo "$cold"
mkdir -p "$(dirname "$RESULTS")"
{ echo "# Ingest benchmark ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, loopback, medians of $ROUNDS rounds)"; echo
  echo "All peers with Nagle off (TCP_NODELAY=1 for dcmtk and Orthanc; the node sets TCP_NODELAY). storescp writes files without fsync or"
  echo "database; Orthanc runs with its defaults; the node fsyncs each file and its folder entries (folder flushes shared"
  echo "between concurrent associations) before answering Success and catalogs it just after, in batches (each association's release waits
for its catalog rows). node+ai: the bundled models analyse"
  echo "the images while they arrive (2 workers on the same 2 cores). 4 associations: the files dealt over 4 concurrent storescu."
  echo "Every receiver got the same $COLD_COUNT + $WARMUP_COUNT small files after it started, before the timed cases (the node's analysis of them"
  echo "done before timing): a node that has been running a while. The first $COLD_COUNT (1 association) are timed too: the figure just after start,"
  echo "while the JVM still compiles (on 2 cores its compiler takes most of a core over the first ~2000 instances)."; echo
  echo "$table"; echo
  echo "Just started (the first $COLD_COUNT small files after start, 1 association):"; echo
  echo "| case | files | MB | storescp MB/s | Orthanc MB/s | node MB/s | node+ai MB/s | node/storescp | node/Orthanc | node+ai/storescp | node+ai/Orthanc |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  echo "$cold"; echo
  echo "Smallest node/storescp ratio over the cases: $min_scp; smallest node/Orthanc: $min_orthanc (node without models)."; } > "$RESULTS"
java -cp "$CP" org.mammoai.node.testing.BenchmarkSummary native/benchmarks/results/summary.json \
  ingestVsStorescpNodelayMin="$min_scp" ingestVsOrthancMin="$min_orthanc" ingestJustStartedSmallVsOrthanc="$cold_orthanc"
rm -rf "$WORK"
