# Sourced by the benchmarks: make_reports N DIR writes N distinct copies of the seed report
# ($seed) into DIR, each with its own date and text, so that no two documents are the same
# and nothing is served from a cache.
make_reports() {
  local n=$1 dir=$2
  mkdir -p "$dir"
  for i in $(seq 1 "$n"); do
    day=$(( (i % 28) + 1 ))
    sed -e "s/^datum = 2022-11-16/datum = 2022-11-$(printf %02d $day)/" \
        -e "s/^gegenstand = \"eine Integrationsstrategie/gegenstand = \"eine Integrationsstrategie (Fassung $i)/" \
        "$seed" > "$dir/bericht-$i.toml"
  done
}
