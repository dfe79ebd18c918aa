#!/usr/bin/env bash
# Load check of `kinet serve`: wrk against the API calls the web app's city
# page makes (the city, the city list it links from, and the air series).
#
#   bench/load_city_page.sh [KINET_BINARY] [DURATION] [CONNECTIONS]
#   (defaults: build/src/cli/kinet, 10s, 32)
#
# Starts its own server on a sample database in a temporary directory, on a
# free loopback port, with 64 worker threads (more than the connections:
# stack.md §1a, one worker holds one keep-alive connection), and stops it
# with SIGTERM. wrk and the server share the machine, so treat the numbers
# as orientation; bench/RESULTS.md records runs.
set -euo pipefail
cd "$(dirname "$0")/.."

kinet=${1:-build/src/cli/kinet}
duration=${2:-10s}
connections=${3:-32}
command -v wrk >/dev/null || { echo "load_city_page: wrk is missing (scripts/install-deps)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/kinet-load.XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$kinet" init --sample --db "$tmp/kinet.db" >/dev/null
"$kinet" serve --db "$tmp/kinet.db" --listen 127.0.0.1:0 --threads 64 >"$tmp/out" 2>"$tmp/access.log" &
server=$!
for _ in $(seq 1 100); do
  grep -q "KINet is serving" "$tmp/out" 2>/dev/null && break
  sleep 0.1
done
base=$(sed -n 's/^KINet is serving \(http:\/\/[^ ]*\)\/ .*/\1/p' "$tmp/out")
[ -n "$base" ] || { echo "load_city_page: the server did not start" >&2; cat "$tmp/out" >&2; exit 1; }

# The city page's calls, round-robin (wrk Lua).
cat >"$tmp/city_page.lua" <<'LUA'
local paths = {
  "/api/v1/cities/beijing",
  "/api/v1/cities?country=CN&per_page=50",
  "/api/v1/members?per_page=100",
  "/api/v1/cities/beijing/air/daily?from=2016-01-01&to=2016-12-31",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA

echo "kinet serve at $base; wrk -t2 -c$connections -d$duration --latency (city page calls)"
for p in /api/v1/cities/beijing "/api/v1/cities?country=CN&per_page=50"; do
  printf '  %-45s HTTP %s\n' "$p" "$(curl -s -o /dev/null -w '%{http_code}' "$base$p")"
done
wrk -t2 -c"$connections" -d"$duration" --latency -s "$tmp/city_page.lua" "$base"
echo "single call GET /api/v1/cities/beijing:"
wrk -t2 -c"$connections" -d"$duration" --latency "$base/api/v1/cities/beijing" | grep -E "Requests/sec|99%|Non-2xx"
