#!/usr/bin/env bash
# Benchmark: one report as a whole process, sachstand against the stock typst CLI on the same
# source (the Typst markup sachstand generates, kept with --keep-typ). Side by side in one
# hyperfine run; prints the medians and their ratios. Not a test: it prints figures.
#
#   bench/typst_cli.sh            # typst from $TYPST or PATH
#
# The typst CLI is not on the package registries this project uses as a binary; build it once
# (about 20 minutes on two cores):
#   cargo install typst-cli --version 0.15.0 --locked --root /opt/typst-cli
#   TYPST=/opt/typst-cli/bin/typst bench/typst_cli.sh
#
# Compared: sachstand render (fonts embedded, PDF/A-2a + PDF/UA-1 from sachstand.toml) with
# 1. `typst compile` with default settings (system fonts searched, plus the fonts folder),
# 2. the same with --ignore-system-fonts,
# 3. the same with the same PDF standards as sachstand (a-2a, ua-1).
set -euo pipefail
cd "$(dirname "$0")/.."

typst=${TYPST:-$(command -v typst || true)}
if [ -z "$typst" ]; then
  echo "typst CLI nicht gefunden: TYPST=/pfad/zu/typst setzen (siehe Kopf dieses Skripts)" >&2
  exit 2
fi
if ! command -v hyperfine >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
fi

cargo build --release --quiet
bin=$PWD/target/release/sachstand
seed=reports/2022-11-integrationsstrategie.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" render "$seed" -o "$work/bericht.pdf" --keep-typ >/dev/null 2>&1
"$typst" --version

hyperfine -N --warmup 5 --runs "${RUNS:-60}" --export-json "$work/r.json" \
  -n sachstand "$bin render $seed -o $work/s.pdf" \
  -n "typst (Standard)" "$typst compile --font-path fonts $work/bericht.typ $work/t1.pdf" \
  -n "typst --ignore-system-fonts" "$typst compile --ignore-system-fonts --font-path fonts $work/bericht.typ $work/t2.pdf" \
  -n "typst --ignore-system-fonts --pdf-standard a-2a,ua-1" "$typst compile --ignore-system-fonts --font-path fonts --pdf-standard a-2a,ua-1 $work/bericht.typ $work/t3.pdf" \
  >/dev/null
python3 - "$work/r.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ours = results[0]["median"]
for r in results:
    print(f"{r['command']:55s} median {r['median']*1000:6.1f} ms   sachstand ÷ dies: {ours/r['median']:.2f}×")
PY
