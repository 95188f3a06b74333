#!/usr/bin/env bash
# Benchmark: many distinct reports in one call, on one worker (--jobs 1) and on every core
# (default), side by side in one run. Not a test: it prints figures.
#
#   bench/parallel.sh [N ...]     # default: 10 100 1000; render, then archive
#   ROUNDS=5 bench/parallel.sh    # rounds per N (default 3)
#
# For each N: reports per second (median wall time of the rounds) and peak memory (GNU time,
# the largest of the rounds) of both, and the speed-up (reports per second with all cores ÷
# with one). The rounds alternate --jobs 1 and all cores, so that a change of the machine's
# speed during the run (this VM's single runs vary by ±10 %) hits both alike. Each report has its own date and
# text, so no two documents are the same and nothing is served from a cache. The reports lie
# in a project with the example's sachstand.toml (PDF/A-2a + PDF/UA-1).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

cargo build --release --quiet
bin=$PWD/target/release/sachstand
seed=$PWD/reports/2022-11-integrationsstrategie.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp sachstand.toml "$work/"

# shellcheck source=reports.sh
source bench/reports.sh  # the scripts run from the repository root

measure() { # command dir jobs round -> "seconds rss_kib"
  local command=$1 dir=$2 jobs=$3 round=$4 extra=()
  if [ "$command" = archive ]; then
    extra=(--archiv "$work/archiv-$jobs-$(basename "$dir")-$round")
  fi
  /usr/bin/time -v -o "$work/time.txt" "$bin" "$command" --jobs "$jobs" "${extra[@]}" "$dir"/*.toml >/dev/null 2>"$work/err.txt"
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
  python3 -c "import sys; p=[float(x) for x in sys.argv[1].split(':')]; print(sum(v*60**i for i,v in enumerate(reversed(p))), sys.argv[2])" "$wall" "$rss"
}

cores=$(nproc)
for command in render archive; do
  echo "sachstand $command"
  printf "%6s | %-28s | %-28s | %s\n" "N" "--jobs 1" "--jobs $cores" "Beschleunigung"
  for m in ${*:-10 100 1000}; do
    dir="$work/r$m"
    [ -d "$dir" ] || make_reports "$m" "$dir"
    one=() all=()
    for round in $(seq "${ROUNDS:-3}"); do
      one+=("$(measure "$command" "$dir" 1 "$round")")
      all+=("$(measure "$command" "$dir" "$cores" "$round")")
    done
    python3 - "$m" "${#one[@]}" "${one[@]}" "${all[@]}" <<'PY'
import statistics, sys
n, k = int(sys.argv[1]), int(sys.argv[2])
runs = [tuple(map(float, r.split())) for r in sys.argv[3:]]
def summary(rs):  # median seconds, largest peak
    return statistics.median(s for s, _ in rs), max(r for _, r in rs)
(s1, r1), (s2, r2) = summary(runs[:k]), summary(runs[k:])
col = lambda s, r: f"{n/s:6.1f} Berichte/s, {r/1024:5.1f} MiB"
print(f"{n:6d} | {col(s1, r1):28s} | {col(s2, r2):28s} | {s1/s2:.2f}×")
PY
  done
done
