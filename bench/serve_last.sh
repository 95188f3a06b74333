#!/usr/bin/env bash
# The editor under load: 200 requests at once for the preview of a report (each a layout and
# SVG pages) while a static asset (app.css) is fetched every 50 ms. Prints the server's peak
# memory (VmHWM), its thread count at the peak, the asset's median and worst time during the
# load, and how long the 200 took. Run it for two binaries side by side to compare:
#
#   bench/serve_last.sh [BINARY] [N]     # default: target/release/sachstand, 200
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/sachstand}
n=${2:-200}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
mkdir -p "$dir/reports"
cp sachstand.toml "$dir/"
cp reports/*.toml "$dir/reports/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve "$dir" --port "$port" >"$dir/url" 2>/dev/null &
pid=$!
for _ in $(seq 50); do [ -s "$dir/url" ] && break; sleep 0.1; done
token=$(sed 's/.*token=//' "$dir/url")
base=$(sed "s|/?token=.*||" "$dir/url")
cookie="Cookie: sachstand-$port=$token"
(cd "$dir" && ls reports/*.toml) >"$dir/list"
# Warm up: one preview of each report.
while read -r rel; do curl -s -o /dev/null -H "$cookie" "$base/vorschau/$rel"; done <"$dir/list"
# The asset, every 50 ms, in the background.
(
  while [ ! -e "$dir/stop" ]; do
    curl -s -o /dev/null -w '%{time_total}\n' -H "$cookie" "$base/assets/app.css" >>"$dir/asset"
    sleep 0.05
  done
) &
probe=$!
: >"$dir/threads"
(
  while [ ! -e "$dir/stop" ]; do
    awk '/Threads/ {print $2}' "/proc/$pid/status" >>"$dir/threads" 2>/dev/null || true
    sleep 0.05
  done
) &
watch=$!
mapfile -t list <"$dir/list"
start=$(date +%s.%N)
load=()
for i in $(seq "$n"); do
  rel=${list[$((i % ${#list[@]}))]}
  curl -s -o /dev/null -H "$cookie" "$base/vorschau/$rel" &
  load+=($!)
done
wait "${load[@]}"
end=$(date +%s.%N)
touch "$dir/stop"
wait "$probe" "$watch" 2>/dev/null || true
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
threads=$(sort -n "$dir/threads" | tail -1)
sort -n "$dir/asset" | awk -v n="$n" -v t="$(echo "$end - $start" | bc)" -v hwm="$hwm" -v th="$threads" '
  {a[NR]=$1*1000} END {
    printf "%d Vorschauen gleichzeitig: fertig nach %.1f s\n", n, t
    printf "Speicher (VmHWM): %.0f MiB, Threads höchstens: %d\n", hwm/1024, th
    printf "app.css während der Last: Median %.1f ms, schlechteste %.1f ms (n=%d)\n", a[int((NR+1)/2)], a[NR], NR
  }'
