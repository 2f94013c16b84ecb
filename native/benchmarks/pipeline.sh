#!/usr/bin/env bash
# End-to-end latency: for each of N four-view studies, storescu sends the study to the node; we time from the
# last image's C-STORE response to the node recording every result (SEGs, TID 1500 SRs, the study CAD SR) as
# acknowledged by a real Orthanc. Studies go one at a time (latency, not throughput), CPU only, the node sized as
# native/run.sh sizes it. Default: full-field studies like a Hologic Selenia's (4 x 5355x4915 16-bit MONOCHROME1,
# JPEG 2000 lossless); FORMAT=plain ROWS=2294 COLS=1914 gives the earlier uncompressed GE-sized phantoms.
# The first study after start is reported apart (cold); p50/p95 over the rest. Also the node's peak RSS and the
# median analysis stage times from the job records. Writes native/benchmarks/results/pipeline.md and the
# fullField* and peakRssMB figures of summary.json. Not a test: nothing asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDIES=${STUDIES:-20}; ROWS=${ROWS:-5355}; COLS=${COLS:-4915}; FORMAT=${FORMAT:-j2k}
WORK=${WORK:-$(mktemp -d /tmp/mammo-pipeline.XXXXXX)}
NODE_PORT=11412; HTTP_PORT=18180; PACS_PORT=11442; PACS_HTTP=18142
RESULTS=native/benchmarks/results/pipeline.md
NODE_JAVA_OPTS=$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' native/run.sh)

STORESCU_SYNTAX=""; [ "$FORMAT" = j2k ] && STORESCU_SYNTAX="-xv" # send JPEG 2000 as it is: storescu cannot transcode it
bash native/setup.sh
mvn -B -q package test-compile -DskipTests
CP="target/test-classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
java -cp "$CP" org.mammoai.node.testing.WriteStudies "$WORK/studies" "$STUDIES" "$ROWS" "$COLS" "$FORMAT"

mkdir -p "$WORK/pacs" "$WORK/node"
cat > "$WORK/pacs/orthanc.json" <<JSON
{"Name": "bench-pacs", "StorageDirectory": "$WORK/pacs/db", "IndexDirectory": "$WORK/pacs/db", "DicomAet": "PACS",
 "DicomPort": $PACS_PORT, "HttpPort": $PACS_HTTP, "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "Plugins": []}
JSON
cat > "$WORK/node.yaml" <<YAML
local: {aeTitle: BENCH, bindAddress: 127.0.0.1, port: $NODE_PORT}
allowedCallingAeTitles: [STORESCU]
destinations:
  - {name: pacs, aeTitle: PACS, host: 127.0.0.1, port: $PACS_PORT}
YAML

wait_port() { for _ in $(seq 150); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return; sleep 0.2; done; echo "port $1 not up"; exit 1; }
now() { date +%s.%N; }
ORTHANC=$(command -v Orthanc || echo /usr/sbin/Orthanc)
"$ORTHANC" "$WORK/pacs/orthanc.json" > "$WORK/pacs/log" 2>&1 & PACS_PID=$!
(cd "$WORK/node" && exec java $NODE_JAVA_OPTS -Dmammo.openjpeg.library="$OLDPWD/native/lib/libmammo_openjpeg.so" -Dmammo.dicom-config="$WORK/node.yaml" -Dmammo.spool.dir="$WORK/node/spool" \
    -Dmammo.results.dir="$WORK/node/results" -Dmammo.models.dir="$OLDPWD/models" -Dmammo.send.poll=1s \
    -Dquarkus.datasource.jdbc.url="jdbc:h2:file:$WORK/node/catalog;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000" -Dquarkus.http.port=$HTTP_PORT -Dmammo.access.initial-admin-password=benchmark-admin \
    -jar "$OLDPWD/target/quarkus-app/quarkus-run.jar" > "$WORK/node/log" 2>&1) & NODE_PID=$!
trap 'kill $NODE_PID $PACS_PID 2>/dev/null || true' EXIT
wait_port "$PACS_HTTP"; wait_port "$NODE_PORT"

times=(); counts=()
for dir in "$WORK"/studies/*/; do
  study=$(basename "$dir")
  storescu $STORESCU_SYNTAX -aet STORESCU -aec BENCH 127.0.0.1 "$NODE_PORT" "$dir"*.dcm
  t0=$(now)
  while :; do
    json=$(curl -s -u admin:benchmark-admin "http://127.0.0.1:$HTTP_PORT/api/studies/$study/results" || true)
    total=$( (grep -o '"destination":"pacs"' <<<"$json" || true) | wc -l)
    sent=$( (grep -o '"state":"SENT"' <<<"$json" || true) | wc -l)
    released=$( (grep -c '"released":true' <<<"$json" || true) )
    [ "$released" = 1 ] && [ "$total" -gt 0 ] && [ "$sent" = "$total" ] && break
    sleep 0.05
  done
  t1=$(now); times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')")
  counts+=("$total")
  echo "study $(( ${#times[@]} )): ${times[-1]} s ($total results acknowledged)"
done

peak_rss_mb=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' /proc/$NODE_PID/status)
jobs_json=$(curl -s -u admin:benchmark-admin "http://127.0.0.1:$HTTP_PORT/api/jobs")
stage_median() { grep -o "\"$1\":[0-9]*" <<<"$jobs_json" | cut -d: -f2 | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
read_ms=$(stage_median readMs); analyse_ms=$(stage_median analyseMs); write_ms=$(stage_median writeMs)

cold=${times[0]}; warm=("${times[@]:1}")
pct() { printf '%s\n' "${warm[@]}" | sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int((NR - 1) * p / 100 + 0.5) + 1; print a[i] }'; }
p50=$(pct 50); p95=$(pct 95)
if [ "$FORMAT" = j2k ]; then kind="JPEG 2000 lossless MONOCHROME1"; else kind="uncompressed"; fi
summary="$STUDIES four-view studies of ${ROWS}x${COLS} 16-bit $kind phantoms, $(nproc) cores, CPU inference, 2 workers, node $NODE_JAVA_OPTS: last image received -> all results acknowledged by Orthanc: warm p50 $p50 s, p95 $p95 s (studies 2-$STUDIES); cold (first study after start) $cold s; node peak RSS $peak_rss_mb MB"
echo "$summary"
echo "median per image: read/decode $read_ms ms, analysis $analyse_ms ms, writing results $write_ms ms"
mkdir -p "$(dirname "$RESULTS")"
{ echo "# Pipeline latency benchmark ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores)"; echo;
  echo "$summary"; echo
  echo "Median per image from the job records: read/decode $read_ms ms, analysis (preprocessing, model, lesions) $analyse_ms ms, writing SEG + SR + overlay $write_ms ms."; echo
  echo "Includes analysis of the 4 images on 2 workers and the C-STOREs to Orthanc: a TID 1500 SR per image, the study's CAD SR, and a SEG per image with a mark shown (how many depends on the bundled model's marks on the phantoms)."; echo
  echo "| study | seconds | results |"; echo "|---|---|---|";
  for i in "${!times[@]}"; do echo "| $((i + 1)) | ${times[$i]} | ${counts[$i]} |"; done; } > "$RESULTS"
if [ "$FORMAT" = j2k ] && [ "$ROWS" = 5355 ]; then
  java -cp "$CP" org.mammoai.node.testing.BenchmarkSummary native/benchmarks/results/summary.json \
    fullFieldStudyP95Seconds="$p95" fullFieldStudyP50Seconds="$p50" fullFieldStudyColdSeconds="$cold" peakRssMB="$peak_rss_mb"
fi
rm -rf "$WORK"
