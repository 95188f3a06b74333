#!/usr/bin/env bash
# Fingerprints of everything sachstand writes, for "behaviour unchanged" across a refactoring:
# every example and corpus report as PDF (and its Typst source), a Sitzungsmappe, an archive
# (PDFs, TOML copies; the index without its wall-clock times) and the OParl static export.
#
#   bench/gleiche_bytes.sh [BINARY] > vorher.txt    # e.g. before a change, with the old binary
#   bench/gleiche_bytes.sh [BINARY] > nachher.txt   # after it
#   diff vorher.txt nachher.txt                      # empty: byte-identical
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/sachstand}
bin=$(realpath "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fingerprint() { (cd "$1" && find . -type f ! -name '.sachstand-sperre' | LC_ALL=C sort | xargs -d '\n' sha256sum); }

# Times of the wall clock (RFC 3339 with a time of day) are masked.
mask='s/"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[^"]*"/"…"/g'

# Example project: each report, its Typst source, a Mappe, the archive and the OParl export.
cp -r sachstand.toml reports "$work/"
(
  cd "$work"
  for report in reports/*.toml; do
    "$bin" render "$report" --keep-typ >/dev/null 2>&1
  done
  "$bin" mappe --gremium "Magistrat der Stadt Lampertheim" --termin 2022-11-28 -o mappe.pdf >/dev/null 2>&1
  "$bin" archive reports/*.toml --jobs 1 >/dev/null 2>&1
  # The index's times are the wall clock's: left out of the fingerprint.
  sed -E "$mask" archiv/index.jsonl > index-ohne-zeit.jsonl
  "$bin" oparl --ausgabe oparl >/dev/null 2>&1
  rm archiv/index.jsonl
  # OParl objects carry the archiving time (created/modified): times masked the same way.
  find oparl -type f ! -name '*.pdf' -exec sed -E -i "$mask" {} +
)
fingerprint "$work" | sed "s|  \./|  beispiel/|"

# The corpus of five cities.
for city in tests/fixtures/korpus/*/; do
  name=$(basename "$city")
  mkdir -p "$work/korpus/$name"
  cp -r "$city"/. "$work/korpus/$name/"
  (cd "$work/korpus/$name" && for report in reports/*.toml; do "$bin" render "$report" --keep-typ >/dev/null 2>&1; done)
  fingerprint "$work/korpus/$name" | sed "s|  \./|  korpus/$name/|"
done
