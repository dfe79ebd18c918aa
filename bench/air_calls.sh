#!/usr/bin/env bash
# Times the two monitoring-backed calls of the city page one request at a
# time: a year of Beijing's daily AQI (GET .../air/daily, the first call
# assesses the year, later ones may come from the daily AQI cache) and
# Beijing's problem profile (GET .../problems, which reads the stored
# assessment rows or assesses the latest monitoring years).
#
#   bench/air_calls.sh [KINET_BINARY] [REPEATS] [DATABASE]
#   (defaults: build/dev/src/cli/kinet, 5, a new sample database)
#
# Run it with the binaries to compare on the same database state and note
# the load average (printed): one request at a time measures latency, not
# throughput (bench/load_city_page.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."

kinet=${1:-build/dev/src/cli/kinet}
repeats=${2:-5}
db=${3:-}
tmp=$(mktemp -d /tmp/kinet-air-calls.XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "$db" ]; then
  db=$tmp/kinet.db
  "$kinet" init --sample --db "$db" >/dev/null
fi
"$kinet" serve --db "$db" --listen 127.0.0.1:0 --threads 8 >"$tmp/out" 2>"$tmp/access.log" &
server=$!
for _ in $(seq 1 100); do
  grep -q "KINet is serving" "$tmp/out" 2>/dev/null && break
  sleep 0.1
done
base=$(sed -n 's/^KINet is serving \(http:\/\/[^ ]*\)\/ .*/\1/p' "$tmp/out")
[ -n "$base" ] || { echo "air_calls: the server did not start" >&2; cat "$tmp/out" >&2; exit 1; }

echo "kinet $kinet; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for path in "/api/v1/cities/beijing/air/daily?from=2016-01-01&to=2016-12-31" \
            "/api/v1/cities/beijing/problems"; do
  times=""
  for _ in $(seq 1 "$repeats"); do
    times="$times $(curl -s -o /dev/null -w '%{time_total}' "$base$path")"
  done
  echo "GET $path (s):$times"
done
