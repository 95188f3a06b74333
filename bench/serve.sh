#!/usr/bin/env bash
# Preview latency and memory of `sachstand serve`: N field changes on the seed report (a
# Bemerkung of the Beratungsfolge, alternating), each a POST as the editor page sends it.
# Prints the median and 90th percentile of
#   server  time from the change reaching the server (file written) to the preview being
#           ready (the response's Server-Timing: pipeline, layout, SVG of every page)
#   total   curl's time for the whole request: hash check, toml_edit write, preview, and
#           the SVG pages sent back
# and the server's resident memory (VmRSS) after the first 10 edits and at the end.
#
#   bench/serve.sh [BINARY] [N]     # default: target/release/sachstand, 50
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/sachstand}
n=${2:-50}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
mkdir -p "$dir/reports"
cp sachstand.toml "$dir/"
cp reports/2022-11-integrationsstrategie.toml "$dir/reports/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve "$dir" --port "$port" >"$dir/url" 2>/dev/null &
pid=$!
for _ in $(seq 50); do [ -s "$dir/url" ] && break; sleep 0.1; done
token=$(sed 's/.*token=//' "$dir/url")
base=$(sed "s|/?token=.*||" "$dir/url")
cookie="Cookie: sachstand-$port=$token"
rel=reports/2022-11-integrationsstrategie.toml
hash=$(curl -s -H "$cookie" "$base/bericht/$rel" | grep -o 'data-hash="[0-9a-f]*"' | cut -d'"' -f2)
: >"$dir/server"; : >"$dir/total"
for i in $(seq "$n"); do
  [ "$i" = 11 ] && rss10=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  body=$(printf '{"hash":"%s","name":"beratungsfolge[1].bemerkungen","value":"Änderung %d"}' "$hash" "$i")
  curl -s -D "$dir/headers" -o "$dir/answer" -w '%{time_total}\n' -H "$cookie" \
    -H "Origin: $base" -H 'Content-Type: application/json' --data "$body" \
    "$base/feld/$rel" >>"$dir/total"
  hash=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hash"])' "$dir/answer")
  grep -i '^server-timing' "$dir/headers" | sed 's/.*dur=//' | tr -d '\r' >>"$dir/server"
done
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
stats() { sort -n "$1" | awk -v scale="$2" '{a[NR]=$1*scale} END {printf "median %.1f ms, p90 %.1f ms (n=%d)\n", a[int((NR+1)/2)], a[int(NR*0.9)], NR}'; }
echo "server (change → preview ready): $(stats "$dir/server" 1)"
echo "total  (POST → SVG received):    $(stats "$dir/total" 1000)"
echo "memory (VmRSS): after 10 edits ${rss10:-?} KiB, after $n edits $rss KiB"
