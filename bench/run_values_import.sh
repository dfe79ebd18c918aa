#!/bin/bash
# End-to-end time of `kinet values import` (IndicatorService::Import, the
# path of POST /api/v1/values/import without HTTP) of a CSV of ROWS monthly
# values, 600 per city of one indicator (the shape of
# bench/values_import_bench.cc), into a fresh SQLite database, with
# /usr/bin/time. Use it to compare two kinet binaries (before/after); the
# Google Benchmark in values_import_bench.cc measures one build.
#
#   KINET=path/to/kinet bench/run_values_import.sh [ROWS ...]   (default 600 10000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KINET=$(realpath "${KINET:-$ROOT/build-release/src/cli/kinet}")
[ -x "$KINET" ] || { echo "no kinet binary at $KINET (set KINET=...)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROWS=("$@")
[ ${#ROWS[@]} -gt 0 ] || ROWS=(600 10000)
echo "| rows | wall s | CPU s (user+sys) | load average |"
echo "|---|---|---|---|"
for rows in "${ROWS[@]}"; do
  db=$WORK/values_$rows.db
  # The sample network for its countries (China), without monitoring data.
  mkdir -p "$WORK/empty"
  "$KINET" init --db "$db" --sample --sample-data "$WORK/empty" > /dev/null
  cities=$(( (rows + 599) / 600 ))
  for ((k = 0; k < cities; ++k)); do
    "$KINET" city add --db "$db" --code "$(printf 'bench-%02d' "$k")" --country CN \
      --name-en "Bench $k" --name-local "Bench $k" --time-zone Asia/Shanghai \
      --data-status illustrative > /dev/null
  done
  csv=$WORK/values_$rows.csv
  awk -v rows="$rows" 'BEGIN {
    print "city,indicator,period,value,note"
    for (i = 0; i < rows; ++i) {
      k = i % 600
      printf "bench-%02d,water.wastewater.treatment-rate,%04d-%02d,%s,\"row %d\"\n",
        int(i / 600), 1990 + int(k / 12), k % 12 + 1, 80 + (k % 7) * 0.5, i
    }
  }' > "$csv"
  tf=$WORK/time
  /usr/bin/time -f "%e %U %S" -o "$tf" "$KINET" values import --db "$db" "$csv" > "$WORK/out" \
    || { cat "$WORK/out" >&2; exit 1; }
  read -r wall user sys < "$tf"
  echo "| $rows | $wall | $(echo "$user + $sys" | bc) | $(cut -d' ' -f1-3 /proc/loadavg) |"
done
