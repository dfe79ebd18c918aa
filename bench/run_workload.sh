#!/bin/bash
# Times `kinet air assess --input` against the reference implementations of
# ../shared/bench (pandas, DuckDB, R data.table; ref_naive.py on small inputs)
# on the same input, interleaved in the same run, checks that all outputs
# agree (compare.py) and writes the figures.
#
#   bench/run_workload.sh [SIZE] [RUNS]     SIZE: S (default) | M | L | E | NxY
#
# Environment:
#   KINET             the kinet binary (default: build-release/src/cli/kinet)
#   KINET_BENCH_WORK  working directory to reuse (default: a new mktemp -d);
#                     generated inputs are kept there between runs
#   KINET_BENCH_SHARED  the shared bench folder (default: ../shared/bench)
#
# Needs (installed by hand, not by scripts/install-deps, see bench/README.md):
#   apt-get install -y python3-pandas python3-numpy r-base-core r-cran-data.table hyperfine time
#   plus node + npm (npm ci is run in the copied folder for DuckDB).
#
# Output, in $KINET_BENCH_WORK/bench/results/: SIZE.tsv (one line per timed
# run, kinet included), SIZE.md (summary table), SIZE.compare.txt (compare.py
# verdict), SIZE.kinet.json (hyperfine, 10 runs of kinet), SIZE.ratio.md.
set -euo pipefail
SIZE=${1:-S}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KINET=$(realpath "${KINET:-$ROOT/build-release/src/cli/kinet}")
SHARED=${KINET_BENCH_SHARED:-$ROOT/../shared/bench}
WORK=${KINET_BENCH_WORK:-$(mktemp -d)}
[ -x "$KINET" ] || { echo "no kinet binary at $KINET (set KINET=...)" >&2; exit 2; }

mkdir -p "$WORK"
if [ ! -d "$WORK/bench" ]; then cp -r "$SHARED" "$WORK/"; fi   # ../shared is read-only
chmod -R u+w "$WORK/bench"
cd "$WORK/bench"
echo "# work dir: $WORK/bench; kinet: $KINET"

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

/usr/bin/python3 - "$SIZE" <<'PYEOF' | tee results/"$SIZE".ratio.md
import json, statistics as st, sys
size = sys.argv[1]
recs = {}
for line in open(f"results/{size}.tsv"):
    f = line.rstrip("\n").split("\t")
    recs.setdefault(f[1], []).append((float(f[3]), int(f[6])))
k = st.median(w for w, _ in recs["kinet"])
hf = json.load(open(f"results/{size}.kinet.json"))["results"][0]
print(f"| {size} | tool | median wall s | max RSS MiB | wall / kinet |")
print("|---|---|---|---|---|")
for tool in ["pandas", "duckdb", "datatable", "naive", "kinet"]:
    if tool not in recs:
        continue
    w = st.median(x for x, _ in recs[tool])
    m = max(x for _, x in recs[tool]) / 1024
    print(f"| {size} | {tool} | {w:.3f} | {m:,.0f} | {w / k:.1f} |")
print(f"\nkinet, hyperfine 10 runs: median {hf['median']:.3f} s, "
      f"min {hf['min']:.3f} s, max {hf['max']:.3f} s")
PYEOF
echo "compare.py: $(tail -1 results/"$SIZE".compare.txt)"
exit $rc
