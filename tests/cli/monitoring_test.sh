#!/usr/bin/env bash
# End-to-end checks of the monitoring commands through the real `kinet`
# binary on SQLite (docs/cli.md, docs/monitoring.md): init --sample imports
# the Beijing data, station list/show, air assess --city --year in its three
# formats, air daily, re-import unchanged, a refused file naming file, line
# and column with exit code 3 and the database left unchanged, the file mode
# of air assess still working.
#
#   monitoring_test.sh KINET_BINARY SOURCE_DIR
set -uo pipefail
kinet=$1
src=$2
work=$(mktemp -d /tmp/kinet-mon-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_rc() {
  local want=$1 what=$2
  shift 3
  out=$("$@" 2>&1)
  local rc=$?
  checks=$((checks + 1))
  [ "$rc" -eq "$want" ] || fail "$what: exit code $rc, expected $want; output: $out"
}
expect_out() {
  checks=$((checks + 1))
  grep -qF -- "$1" <<<"$out" || fail "$2: output lacks '$1'; output: $out"
}

db=$work/k.db
expect_rc 0 "init --sample" -- "$kinet" init --sample --db "$db" \
  --sample-data "$src/data/sample/monitoring"
expect_out "Loaded 12 monitoring stations" "init stations"
expect_out "Imported the Beijing monitoring data" "init monitoring"
expect_out "420768 rows" "init rows"

expect_rc 0 "init without the data folder" -- "$kinet" init --sample --db "$work/other.db" \
  --sample-data "$work/nowhere"
expect_out "sample monitoring data folder was not found" "init missing folder"

expect_rc 0 "station list" -- "$kinet" station list --city Beijing --db "$db"
expect_out "12 stations" "station list"
expect_out "background" "station list type"
expect_rc 0 "station show" -- "$kinet" station show Dongsi --db "$db"
expect_out "东四" "station show name"
expect_out "Monitoring data (local standard time, Asia/Shanghai)" "station show blocks"
expect_rc 4 "station show unknown" -- "$kinet" station show Atlantis --db "$db"

expect_rc 0 "air assess table" -- "$kinet" air assess --city Beijing --year 2015 --db "$db"
expect_out "City value from 11 urban stations; assessed as stations only: Dingling" "assess table"
expect_out "Attainment: cn-gb3095-2012 grade-2" "assess attainment"
expect_rc 0 "air assess csv" -- "$kinet" air assess --city beijing --year 2015 --format csv --db "$db"
expect_out "level,id,year,pollutant,annual_mean,valid_days,annual_valid,percentile,exceed_days" \
  "assess csv header"
expect_out "city,beijing,2015,PM2.5," "assess csv city row"
expect_out "station,Dingling,2015,PM2.5," "assess csv station row"
expect_rc 0 "air assess json" -- "$kinet" air assess --city beijing --year 2015 --format json --db "$db"
expect_out '"aqi_categories"' "assess json"
expect_rc 4 "air assess year without data" -- "$kinet" air assess --city beijing --year 2010 --db "$db"

expect_rc 0 "air daily" -- "$kinet" air daily --city beijing --from 2015-01-01 --to 2015-01-07 --db "$db"
expect_out "2015-01-07" "air daily"
expect_out "7 days" "air daily count"

expect_rc 0 "re-import" -- "$kinet" import monitoring --format prsa --city beijing --db "$db" \
  "$src/data/sample/monitoring/beijing/PRSA_Data_Dongsi_20130301-20170228.csv.gz"
expect_out "Unchanged" "re-import unchanged"

printf 'station,city,time,PM2.5\nDongsi,beijing,2015-01-01 00:00,1\nDongsi,beijing,2015-01-01 01:00,x1\n' \
  > "$work/bad.csv"
before=$("$kinet" station show Dongsi --db "$db")
expect_rc 3 "refused file" -- "$kinet" import monitoring --format wide --db "$db" "$work/bad.csv"
expect_out "bad.csv:3: column PM2.5: 'x1' is not a number" "refused file message"
after=$("$kinet" station show Dongsi --db "$db")
checks=$((checks + 1))
[ "$before" = "$after" ] || fail "a refused import changed the database"

expect_rc 2 "import without --format" -- "$kinet" import monitoring --db "$db" "$work/bad.csv"

# The file mode of air assess is unchanged.
printf 'station,city,time,PM2.5,PM10,SO2,NO2,CO,O3\n1001A,Beijing,2023-01-01 00:00,35,60,7,40,0.8,52\n' \
  > "$work/wide.csv"
expect_rc 0 "air assess file mode" -- "$kinet" air assess --input "$work/wide.csv" --out "$work/out"
checks=$((checks + 1))
[ -f "$work/out/annual.csv" ] || fail "air assess --input wrote no annual.csv"

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
