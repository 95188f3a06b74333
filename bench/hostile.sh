#!/usr/bin/env bash
# Hostile inputs against the limits: every case must stay under 2 s and 200 MiB for both
# `check` and `render` (GNU time: wall clock and maximum resident set size).
#
#   bench/hostile.sh [BINARY]     # default: target/release/sachstand (CARGO_TARGET_DIR honoured)
#
# Cases (each a Mitteilungsvorlage in a fresh project):
#   long-word        one word of 19,999 characters (just under the text limit)
#   long-paragraph   one paragraph of 19,999 characters
#   many-paragraphs  three paragraphs of 19,800 characters (just under 60,000 in all)
#   punctuation      three paragraphs of 19,800 random letters and punctuation (every one escaped)
#   tiny-paragraphs  500 paragraphs of 45 characters (the list limit)
#   too-many-entries 4,000 paragraphs (refused by the list limit)
#   deep-tables      a table nested 5,000 levels and an array nested 5,000 levels
#   many-beratungen  500 [[beratungsfolge]] entries (the list limit)
#   too-long-text    one paragraph of 5,000,000 characters (refused by the file limit)
#   over-text-limit  one paragraph of 500,000 characters in a file under 1 MiB (refused)
#   over-total-limit ten paragraphs of 19,999 characters (refused by the total limit)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/sachstand}
[ -x "$bin" ] || { echo "kein Programm unter $bin; erst cargo build --release" >&2; exit 2; }
bin=$(realpath "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=reports/2023-06-front-office-migration.toml

head_of() { sed -n '1,/^\[mitteilung\]/p' "$base"; }

make_case() {
  local name=$1 dir=$work/$1
  mkdir -p "$dir/reports"
  cp sachstand.toml "$dir/"
  local f=$dir/reports/fall.toml
  case $name in
    long-word)       { head_of; printf 'text = ["%s"]\n' "$(head -c 19999 /dev/zero | tr '\0' 'x')"; } >"$f" ;;
    long-paragraph)  { head_of; printf 'text = ["%s"]\n' "$(yes 'Wort' | head -c 19999 | tr '\n' ' ')"; } >"$f" ;;
    many-paragraphs) { head_of; printf 'text = [\n'; for _ in $(seq 3); do printf '"%s",\n' "$(yes 'Wort' | head -c 19800 | tr '\n' ' ')"; done; printf ']\n'; } >"$f" ;;
    punctuation)     { head_of; printf 'text = [\n'; for i in 1 2 3; do printf '"%s",\n' "$(python3 -c "import random; random.seed($i); print(''.join(random.choice('abc defgäöü-/.,;:!?*_#\$[]()') for _ in range(19800)))")"; done; printf ']\n'; } >"$f" ;;
    tiny-paragraphs) { head_of; printf 'text = [\n'; for i in $(seq 500); do printf '"Absatz %d mit ein paar kurzen Worten darin.",\n' "$i"; done; printf ']\n'; } >"$f" ;;
    deep-tables)     { head_of; printf 'text = ["kurz"]\n'; printf 'tief = '; for _ in $(seq 5000); do printf '['; done; for _ in $(seq 5000); do printf ']'; done; printf '\n'; printf '[%s]\n' "$(seq -s. 5000 | sed 's/[0-9]\+/a/g')"; } >"$f" ;;
    too-many-entries) { head_of; printf 'text = [\n'; for i in $(seq 4000); do printf '"Absatz %d mit ein paar kurzen Worten darin.",\n' "$i"; done; printf ']\n'; } >"$f" ;;
    many-beratungen) { sed -n '1,/^\[\[beratungsfolge\]\]/p' "$base" | head -n -1; for _ in $(seq 500); do printf '[[beratungsfolge]]\ngremium = "magistrat"\ntermin = 2023-06-26\n\n'; done; printf '[mitteilung]\ntext = ["kurz"]\n'; } >"$f" ;;
    over-total-limit) { head_of; printf 'text = [\n'; for _ in $(seq 10); do printf '"%s",\n' "$(yes 'Wort' | head -c 19999 | tr '\n' ' ')"; done; printf ']\n'; } >"$f" ;;
    too-long-text)   { head_of; printf 'text = ["%s"]\n' "$(yes 'Wort' | head -c 5000000 | tr '\n' ' ')"; } >"$f" ;;
    over-text-limit) { head_of; printf 'text = ["%s"]\n' "$(yes 'Wort' | head -c 500000 | tr '\n' ' ')"; } >"$f" ;;
  esac
}

measure() { # verb case → "seconds MiB exit"
  local verb=$1 dir=$work/$2
  local args=(check reports/fall.toml)
  [ "$verb" = render ] && args=(render reports/fall.toml -o fall.pdf)
  (cd "$dir" && /usr/bin/time -v -o time.txt "$bin" "${args[@]}" >/dev/null 2>err.txt) && code=0 || code=$?
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
  # m:ss.cc → seconds
  local secs
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  printf '%s %s %s' "$secs" "$(( rss / 1024 ))" "$code"
}

printf '%-16s %-7s %8s %8s %5s  %s\n' Fall Befehl Sekunden MiB Exit Ergebnis
fail=0
for name in long-word long-paragraph many-paragraphs punctuation tiny-paragraphs too-many-entries deep-tables many-beratungen too-long-text over-text-limit over-total-limit; do
  make_case "$name"
  for verb in check render; do
    read -r secs mib code <<<"$(measure "$verb" "$name")"
    verdict=ok
    if awk -v s="$secs" 'BEGIN { exit !(s >= 2) }' || [ "$mib" -ge 200 ]; then verdict=ZU-LANGSAM-ODER-ZU-GROSS; fail=1; fi
    [ "$code" -gt 2 ] && { verdict="ABSTURZ ($code)"; fail=1; }
    case $name in
      too-*|over-*|deep-tables) want=1 ;;
      *) want=0 ;;
    esac
    [ "$code" -ne "$want" ] && [ "$verdict" = ok ] && { verdict="Exit $code statt $want"; fail=1; }
    printf '%-16s %-7s %8s %8s %5s  %s\n' "$name" "$verb" "$secs" "$mib" "$code" "$verdict"
  done
done
exit $fail
