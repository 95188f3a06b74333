#!/usr/bin/env bash
# Benchmark: sachstand at the scale of a Landkreis service. Not a test: it prints figures.
#
#   bench/grosses_projekt.sh [BERICHTE] [EINTRAEGE]    # default: 2000 reports, 16000 entries
#
# A generated project of BERICHTE Beschlussvorlagen (each its own Vorlagen-Nr.) and, apart
# from it, an archive of EINTRAEGE index lines with their files. Measured, each as a whole
# process (median of 3 unless said):
#   - `check` of one report and `new --vorlage` in the project (both read every report's
#     Vorlagen-Nr.);
#   - `check` of the whole project: first run (every report compiled, on all cores) and second
#     run (unchanged reports from the check cache), once each;
#   - the editor's overview (`serve`): time to the first byte of the first load and of the
#     second (unchanged reports from memory);
#   - `archive --verify` at EINTRAEGE/4, EINTRAEGE/2 and EINTRAEGE entries (linear: the time
#     should double with the entries);
#   - filing BERICHTE/4 reports into an empty archive with `archive --jobs 1`: wall time and the
#     bytes the index ends with (written once each: append-only).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
entries=${2:-16000}
cargo build --release --quiet
bin=$PWD/target/release/sachstand
seed=$PWD/reports/2023-02-zuschuss-interkulturelle-wochen.toml
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {printf "%.3f s", a[int((NR+1)/2)]}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); python3 -c "print($e - $s)"; }

proj=$work/projekt
mkdir -p "$proj/reports"
cp sachstand.toml "$proj/"
for i in $(seq 1 "$n"); do
  sed -e "s#^nummer = \"2023/0031\"#nummer = \"2023/$(printf %04d "$i")\"#" \
      -e "s#^betreff = \"#betreff = \"($i) #" "$seed" >"$proj/reports/b-$i.toml"
done
cd "$proj"
echo "== Projekt mit $n Berichten"
echo "check eines Berichts:        $(for _ in 1 2 3; do seconds "$bin" check reports/b-5.toml; done | median)"
echo "new --vorlage:               $(for i in 1 2 3; do seconds "$bin" new --vorlage beschlussvorlage --datum 2023-03-01 -o "reports/neu-$i.toml"; rm -f "reports/neu-$i.toml"; done | median)"
echo "check des Projekts, 1. Lauf: $(seconds "$bin" check | median)"
echo "check des Projekts, 2. Lauf: $(seconds "$bin" check | median)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve "$proj" --port "$port" >"$work/url" 2>/dev/null &
pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
token=$(sed 's/.*token=//' "$work/url")
base=$(sed "s|/?token=.*||" "$work/url")
first() { curl -s -o /dev/null -w '%{time_starttransfer}\n' -H "Cookie: sachstand-$port=$token" "$base/"; }
echo "Übersicht (serve), 1. Laden: $(first | median)"
echo "Übersicht (serve), 2. Laden: $(for _ in 1 2 3; do first; done | median)"
kill "$pid"; pid=

echo "== Archiv"
# An archive of $entries versions: small stand-in files with their real checksums (verify
# reads and hashes every file; what they hold does not matter to its cost).
python3 - "$work/archiv" "$entries" <<'PY'
import hashlib, json, os, sys
folder, n = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(folder, "2023"), exist_ok=True)
with open(os.path.join(folder, "index.jsonl"), "w") as index:
    for i in range(1, n + 1):
        line = {"basis": f"2023-{i:05d}", "version": 1, "grund": None, "vorlagen_nr": None,
                "vorlage": "beschlussvorlage", "betreff": f"Vorlage {i}", "datum": "2023-02-08",
                "beratungsfolge": [], "standard": ["PDF/A-2a", "PDF/UA-1"], "werkzeug": "bench"}
        for key, ext in (("datei", "pdf"), ("quelle", "toml")):
            rel = f"2023/2023-{i:05d}.{ext}"
            data = f"%PDF-1.7 Vorlage {i}\n".encode() * 40 if ext == "pdf" else f"nummer = {i}\n".encode()
            with open(os.path.join(folder, rel), "wb") as f:
                f.write(data)
            line[key] = rel
            line["sha256_" + key] = hashlib.sha256(data).hexdigest()
        index.write(json.dumps(line) + "\n")
PY
for k in $((entries / 4)) $((entries / 2)) "$entries"; do
  head -n "$k" "$work/archiv/index.jsonl" >"$work/index-$k.jsonl"
  mkdir -p "$work/a-$k" && cp "$work/index-$k.jsonl" "$work/a-$k/index.jsonl"
  cp -al "$work/archiv/2023" "$work/a-$k/2023"
  # Only the files of the first $k entries belong to this archive.
  python3 - "$work/a-$k" "$k" <<'PY'
import os, sys
folder, k = sys.argv[1], int(sys.argv[2])
for name in os.listdir(os.path.join(folder, "2023")):
    if int(name.split("-")[1].split(".")[0]) > k:
        os.remove(os.path.join(folder, "2023", name))
PY
  echo "archive --verify, $k Einträge: $(for _ in 1 2 3; do seconds "$bin" archive --verify --archiv "$work/a-$k"; done | median)"
done

m=$((n / 4))
echo "archive --jobs 1 von $m Berichten: $(seconds "$bin" archive --jobs 1 $(for i in $(seq 1 "$m"); do echo "reports/b-$i.toml"; done) | median), Index danach $(stat -c %s archiv/index.jsonl) Bytes"
