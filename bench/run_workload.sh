#!/bin/bash
# Times `kinet air assess --input` against the reference implementations of
# ../shared/bench (pandas, DuckDB, R data.table; ref_naive.py on small inputs)
# on the same input, interleaved in the same run, checks that all outputs
# agree (compare.py) and writes the figures. One command reproduces a line of
# bench/RESULTS.md:
#
#   bench/run_workload.sh [SIZE] [RUNS]     SIZE: S (default) | M | L | E | NxY
#
# It builds nothing unless asked (KINET_BUILD=1) and installs nothing; it
# checks its tools first and says what is missing.
#
# Environment:
#   KINET             the kinet binary (default: build-release/src/cli/kinet)
#   KINET_BUILD=1     first configure and build that default binary in
#                     build-release (Release, ninja -j2)
#   KINET_BENCH_WORK  working directory to reuse (default: a new mktemp -d);
#                     generated inputs (and node_modules) are kept there
#   KINET_BENCH_SHARED  the shared bench folder (default: ../shared/bench)
#   QUIET_MAX         seconds run_peers.sh waits for a quiet machine before
#                     each timed run (default 60)
#
# Needs (installed by hand, not by scripts/install-deps, see bench/README.md):
#   apt-get install -y python3-pandas python3-numpy r-base-core r-cran-data.table hyperfine time
#   node + npm: run_peers.sh runs `npm ci` in the copied folder once (DuckDB's
#   @duckdb/node-api from the npm registry, pinned by package-lock.json).
#
# Output, in $KINET_BENCH_WORK/bench/results/: SIZE.tsv (one line per timed
# run, kinet included: size tool run wall user sys maxrss_kb others_cpu_s),
# SIZE.md (summary table), SIZE.compare.txt (compare.py verdict),
# SIZE.kinet.json (hyperfine, 10 runs of kinet alone), SIZE.ratio.md (the
# ratios of wall and CPU time to kinet's, and the machine load).
set -euo pipefail
SIZE=${1:-S}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${KINET_BENCH_SHARED:-$ROOT/../shared/bench}
PY=/usr/bin/python3

if [ "${KINET_BUILD:-0}" = 1 ] && [ -z "${KINET:-}" ]; then
  cmake -S "$ROOT" -B "$ROOT/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DKINET_BUILD_TESTS=OFF > /dev/null
  ninja -C "$ROOT/build-release" -j2 kinet
fi
KINET=$(realpath "${KINET:-$ROOT/build-release/src/cli/kinet}")
[ -x "$KINET" ] || { echo "no kinet binary at $KINET (set KINET=..., or KINET_BUILD=1)" >&2; exit 2; }

missing=""
$PY -c "import pandas, numpy" 2>/dev/null || missing="$missing python3-pandas python3-numpy"
Rscript -e 'library(data.table)' > /dev/null 2>&1 || missing="$missing r-base-core r-cran-data.table"
command -v hyperfine > /dev/null || missing="$missing hyperfine"
[ -x /usr/bin/time ] || missing="$missing time"
command -v node > /dev/null || missing="$missing nodejs(+npm)"
if [ -n "$missing" ]; then
  echo "missing:$missing (see bench/README.md)" >&2
  exit 2
fi

WORK=${KINET_BENCH_WORK:-$(mktemp -d)}
mkdir -p "$WORK"
if [ ! -d "$WORK/bench" ]; then cp -r "$SHARED" "$WORK/"; fi   # ../shared is read-only
chmod -R u+w "$WORK/bench"
cd "$WORK/bench"
echo "# work dir: $WORK/bench; kinet: $KINET ($("$KINET" --version 2>/dev/null | head -1 || true))"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Interleave kinet with the peers inside run_peers.sh's own loop (same
# quiet-wait, same /usr/bin/time -v accounting, same compare.py call), on a
# copy of the script.
sed -e "/run_timed datatable/a\\  run_timed kinet \"\$r\" $KINET air assess --input \"\$CSV\" --out out/\"\$SIZE\"/kinet" \
    -e 's#^DIRS="\(.*\)"$#DIRS="\1 out/$SIZE/kinet"#' \
    run_peers.sh > run_peers_kinet.sh
chmod +x run_peers_kinet.sh
grep -q 'run_timed kinet' run_peers_kinet.sh || { echo "could not patch run_peers.sh" >&2; exit 2; }
rc=0
./run_peers_kinet.sh "$SIZE" "$RUNS" || rc=$?

# A finer kinet timing (hyperfine, warm cache) right after, in the same session.
CSV=data/aq_$SIZE.csv
hyperfine -N --warmup 1 --runs 10 --export-json results/"$SIZE".kinet.json \
  "$KINET air assess --input $CSV --out out/$SIZE/kinet" > /dev/null
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

$PY - "$SIZE" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PYEOF' | tee results/"$SIZE".ratio.md
import json, statistics as st, sys
size, load_before, load_after = sys.argv[1:4]
recs = {}
for line in open(f"results/{size}.tsv"):
    f = line.rstrip("\n").split("\t")
    # wall, CPU (user+sys), max RSS KB, other processes' CPU s during the run
    recs.setdefault(f[1], []).append((float(f[3]), float(f[4]) + float(f[5]), int(f[6]), float(f[7])))
kw = st.median(w for w, *_ in recs["kinet"])
kc = st.median(c for _, c, *_ in recs["kinet"])
hf = json.load(open(f"results/{size}.kinet.json"))["results"][0]
print(f"| {size} | tool | runs | median wall s | median CPU s | max RSS MiB | wall / kinet "
      f"| CPU / kinet | others' CPU s (max) |")
print("|---|---|---|---|---|---|---|---|---|")
for tool in ["pandas", "duckdb", "datatable", "naive", "kinet"]:
    if tool not in recs:
        continue
    r = recs[tool]
    w = st.median(x[0] for x in r)
    c = st.median(x[1] for x in r)
    m = max(x[2] for x in r) / 1024
    o = max(x[3] for x in r)
    print(f"| {size} | {tool} | {len(r)} | {w:.3f} | {c:.2f} | {m:,.0f} | {w / kw:.1f} "
          f"| {c / kc if kc > 0 else float('inf'):.1f} | {o:.1f} |")
peers = [t for t in ["pandas", "duckdb", "datatable"] if t in recs]
fastest = min(peers, key=lambda t: st.median(x[0] for x in recs[t]))
fw = st.median(x[0] for x in recs[fastest])
print(f"\nfastest peer: {fastest}, {fw:.3f} s; kinet {kw:.3f} s: **{fw / kw:.1f}x** (wall, same run)")
print(f"kinet alone, hyperfine 10 runs: median {hf['median']:.3f} s, "
      f"min {hf['min']:.3f} s, max {hf['max']:.3f} s; "
      f"fastest peer / hyperfine median: {fw / hf['median']:.1f}x")
print(f"load average before {load_before}, after {load_after}")
PYEOF
echo "compare.py: $(tail -1 results/"$SIZE".compare.txt)"
exit $rc
