#!/usr/bin/env bash
# Benchmark of sachstand with public tools (hyperfine, GNU time). Not a test: it prints figures.
#
#   bench/run.sh            # builds the release binary if needed, then measures
#
# 1. One report as a whole process (hyperfine: median of many runs).
# 2. N reports rendered in one process (N = 10 and 100): time per report and peak memory
#    (GNU time's maximum resident set size). Peak memory must stay flat from 10 to 100.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine /usr/bin/time; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
  fi
done

cargo build --release --quiet
bin=$PWD/target/release/sachstand
seed=reports/2022-11-integrationsstrategie.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== 1 Bericht als ganzer Prozess"
hyperfine --warmup 3 --runs 50 --export-json "$work/one.json" \
  "$bin render $seed -o $work/one.pdf" >/dev/null
python3 - "$work/one.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"median {r['median']*1000:.1f} ms, mean {r['mean']*1000:.1f} ms ± {r['stddev']*1000:.1f} ms ({len(r['times'])} runs)")
PY

# shellcheck source=reports.sh
source bench/reports.sh  # the scripts run from the repository root

for n in 10 100; do
  make_reports "$n" "$work/r$n"
  /usr/bin/time -v -o "$work/time$n.txt" "$bin" render "$work"/r$n/*.toml >/dev/null 2>"$work/err$n.txt"
  wall=$(grep "Elapsed (wall clock)" "$work/time$n.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time$n.txt" | awk '{print $NF}')
  python3 - "$n" "$wall" "$rss" <<'PY'
import sys
n, wall, rss = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
parts = [float(p) for p in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
print(f"== {n} Berichte in einem Prozess: {secs*1000/n:.1f} ms je Bericht, Spitzenspeicher {rss/1024:.1f} MiB")
PY
done
