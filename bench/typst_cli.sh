#!/usr/bin/env bash
# Benchmark: one report as a whole process, sachstand against the stock typst CLI on the same
# source (the Typst markup sachstand generates, kept with --keep-typ). Side by side in one
# run, interleaved round by round; prints the medians and their ratios. Not a test: it prints figures.
#
#   bench/typst_cli.sh            # typst from $TYPST or PATH
#
# The typst CLI is not on the package registries this project uses as a binary; build it once
# (about 20 minutes on two cores):
#   cargo install typst-cli --version 0.15.1 --locked --root /opt/typst-cli
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

cargo build --release --quiet
bin=$PWD/target/release/sachstand
seed=reports/2022-11-integrationsstrategie.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" render "$seed" -o "$work/bericht.pdf" --keep-typ >/dev/null 2>&1
"$typst" --version

# Interleaved: each round runs every command once, so a drift of the machine's speed (this VM's
# medians move by ±2 ms between blocks of hyperfine runs) hits all commands alike.
python3 - "$bin render $seed -o $work/s.pdf" \
  "$typst compile --font-path fonts $work/bericht.typ $work/t1.pdf" \
  "$typst compile --ignore-system-fonts --font-path fonts $work/bericht.typ $work/t2.pdf" \
  "$typst compile --ignore-system-fonts --font-path fonts --pdf-standard a-2a,ua-1 $work/bericht.typ $work/t3.pdf" \
  <<'PY'
import os, statistics, sys, time
names = ["sachstand", "typst (Standard)", "typst --ignore-system-fonts",
         "typst --ignore-system-fonts --pdf-standard a-2a,ua-1"]
commands = [c.split() for c in sys.argv[1:]]
rounds, warmup = int(os.environ.get("RUNS", "150")), 5
times = [[] for _ in commands]
null = os.open(os.devnull, os.O_WRONLY)
quiet = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
for i in range(warmup + rounds):
    for k, argv in enumerate(commands):
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=quiet)
        _, status = os.waitpid(pid, 0)
        took = time.perf_counter() - start
        if status != 0:
            sys.exit(f"fehlgeschlagen: {' '.join(argv)}")
        if i >= warmup:
            times[k].append(took)
ours = statistics.median(times[0])
for name, t in zip(names, times):
    m = statistics.median(t)
    print(f"{name:55s} median {m*1000:6.1f} ms   sachstand ÷ dies: {ours/m:.2f}×")
PY
