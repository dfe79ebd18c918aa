#!/bin/bash
# The workload "from the stored blocks" (issue 3): the bench input imported
# once into a database with `kinet import monitoring --format wide`, then the
# annual assessment of every city read back from the dense hourly blocks
# with `kinet air assess --city C --year Y --format csv`, one call per city
# (each call loads the city's blocks, assesses them and stores the result
# with its provenance, as a user or the web app would ask for it).
#
#   bench/run_stored.sh [SIZE] [DB]     SIZE: S (default) | M | E | NxY
#
# DB: a SQLite file (default: $WORK/stored_SIZE.db, created fresh) or a
# postgresql:// URL (the schema must be empty). Builds and installs nothing.
#
# Environment: KINET (default build-release/src/cli/kinet), KINET_BENCH_WORK
# (as run_workload.sh: the generated input is reused from there, else
# generated with ../shared/bench/gen.py), KINET_BENCH_SHARED.
#
# Prints and writes $WORK/bench/results/SIZE.stored.md: the import time, the
# total and per-city time of the assessments, CPU seconds, the machine load.
set -euo pipefail
SIZE=${1:-S}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KINET=$(realpath "${KINET:-$ROOT/build-release/src/cli/kinet}")
SHARED=${KINET_BENCH_SHARED:-$ROOT/../shared/bench}
WORK=${KINET_BENCH_WORK:-$(mktemp -d)}
PY=/usr/bin/python3
[ -x "$KINET" ] || { echo "no kinet binary at $KINET (set KINET=...)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 2; }

mkdir -p "$WORK"
if [ ! -d "$WORK/bench" ]; then cp -r "$SHARED" "$WORK/"; fi   # ../shared is read-only
chmod -R u+w "$WORK/bench"
cd "$WORK/bench"
mkdir -p results out/"$SIZE"
CSV=data/aq_$SIZE.csv
if [ ! -s "$CSV" ]; then
  if [ "$SIZE" = E ]; then $PY gen_edge.py --out "$CSV"; else $PY gen.py "$SIZE" --out "$CSV"; fi
fi
DB=${2:-$WORK/stored_$SIZE.db}
case "$DB" in
  postgres*) ;;
  *) rm -f "$DB" "$DB-wal" "$DB-shm" ;;
esac
REPORT=results/$SIZE.stored.md
TIMES=$(mktemp)

# timed LABEL CMD...: runs CMD under /usr/bin/time, appends "LABEL wall user sys rss_kb".
timed() {
  local label=$1; shift
  local tf; tf=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@"
  echo "$label $(cat "$tf")" >> "$TIMES"
  rm -f "$tf"
}

echo "# $(date -Is) $SIZE from the stored blocks; kinet $KINET; db $DB; load $(cut -d' ' -f1-3 /proc/loadavg)"
# The sample network (for its countries), without its Beijing monitoring
# data (an empty --sample-data folder).
EMPTY=$(mktemp -d)
"$KINET" init --db "$DB" --sample --sample-data "$EMPTY" > /dev/null
rmdir "$EMPTY"
# The bench cities (C001, ...) are not in the registry: register each one,
# labelled illustrative, in China's time zone (the times are local standard
# time, so the import keeps them as they are).
for city in $(awk -F, 'NR > 1 { print $2 }' "$CSV" | sort -u); do
  code=$(echo "$city" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '-')
  "$KINET" city add --db "$DB" --code "$code" --country CN --name-en "$city" --name-local "$city" \
    --time-zone Asia/Shanghai --data-status illustrative \
    --note "bench city of ../shared/bench/gen.py" > /dev/null
done
timed import "$KINET" import monitoring --db "$DB" --format wide "$CSV" > out/"$SIZE"/import.txt
grep -E "^(Read|Stored)" out/"$SIZE"/import.txt || true

# Every (city, year) of the input: the cities of the CSV, the years of its times.
mapfile -t PAIRS < <(awk -F, 'NR > 1 { print $2 " " substr($3, 1, 4) }' "$CSV" | sort -u)
: > out/"$SIZE"/stored_annual.csv
for pair in "${PAIRS[@]}"; do
  read -r city year <<< "$pair"
  timed "assess $city $year" "$KINET" air assess --db "$DB" --city "$city" --year "$year" \
    --format csv >> out/"$SIZE"/stored_annual.csv
done

$PY - "$TIMES" "$SIZE" "$DB" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PYEOF' | tee "$REPORT"
import sys
times, size, db, load = sys.argv[1:5]
imp = None
calls = []
for line in open(times):
    label, *v = line.rsplit(" ", 4)
    w, u, s, m = float(v[0]), float(v[1]), float(v[2]), int(v[3])
    if label == "import":
        imp = (w, u + s, m)
    else:
        calls.append((label, w, u + s, m))
tw = sum(c[1] for c in calls)
tc = sum(c[2] for c in calls)
print(f"| {size} | step | wall s | CPU s (user+sys) | max RSS MiB |")
print("|---|---|---|---|---|")
print(f"| {size} | import monitoring --format wide (once) | {imp[0]:.2f} | {imp[1]:.2f} | {imp[2] / 1024:,.0f} |")
print(f"| {size} | air assess --city --year, all {len(calls)} city-years | {tw:.2f} | {tc:.2f} "
      f"| {max(c[3] for c in calls) / 1024:,.0f} |")
slow = max(calls, key=lambda c: c[1])
print(f"\nper call: mean {tw / len(calls):.3f} s, slowest {slow[1]:.3f} s ({slow[0]}); db {db}; "
      f"load average at the end {load}")
PYEOF
rm -f "$TIMES"
