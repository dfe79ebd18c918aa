#!/usr/bin/env bash
# End-to-end checks of the monitoring commands through the real `kinet`
# binary on SQLite (docs/cli.md, docs/monitoring.md): init --sample imports
# the Beijing data and publishes its air indicator values, air publish
# (idempotent, equal to air assess, partial years not valid), Beijing's PM2.5
# target judged on them, station list/show, air assess --city --year in its
# three formats, what-if runs of it storing nothing, air daily, re-import unchanged, a refused file naming file, line
# and column with exit code 3 and the database left unchanged, the file mode
# of air assess still working.
#
#   monitoring_test.sh KINET_BINARY SOURCE_DIR
set -uo pipefail
kinet=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cli_setup mon

db=$work/k.db
expect_rc 0 "init --sample" -- "$kinet" init --sample --db "$db" \
  --sample-data "$src/data/sample/monitoring"
expect_out "Loaded 12 monitoring stations" "init stations"
expect_out "Imported the Beijing monitoring data" "init monitoring"
expect_out "420768 rows" "init rows"

# Air-engine indicator values (docs/monitoring.md "Air indicator values"):
# init --sample published Beijing's; publishing again changes nothing; the
# stored PM2.5 of 2015 is the assessment's; 2013 (from March) is not valid.
expect_out "Air indicator values (computed):" "init air values"
expect_rc 0 "air publish" -- "$kinet" air publish --city Beijing --db "$db"
expect_out "0 values inserted, 0 updated, 21 unchanged, 0 removed; 14 not valid" "air publish again"
expect_rc 0 "air publish 2015" -- "$kinet" air publish --city beijing --year 2015 --db "$db"
publish_2015=$out
expect_rc 0 "air assess csv 2015" -- "$kinet" air assess --city beijing --year 2015 --format csv --db "$db"
assessed=$(awk -F, '$1 == "city" && $4 == "PM2.5" { print $5 }' <<<"$out")
checks=$((checks + 1))
grep -Eq "^air\.pm25\.annual-mean +2015 +$assessed +unchanged" <<<"$publish_2015" ||
  fail "published PM2.5 2015 differs from air assess ($assessed): $publish_2015"
expect_rc 0 "air publish 2013 json" -- "$kinet" air publish --city beijing --year 2013 --format json \
  --db "$db"
expect_out '"outcome": "not-valid"' "air publish partial year"
expect_rc 4 "air publish year without data" -- "$kinet" air publish --city beijing --year 2010 --db "$db"
expect_rc 4 "air publish unknown city" -- "$kinet" air publish --city atlantis --db "$db"
# Beijing's sample PM2.5 target (about 60 ug/m3 by 2017, baseline 89.5 in
# 2013) is judged on the computed 2014-2016 values.
expect_rc 0 "target progress" -- "$kinet" target progress --city beijing \
  --indicator air.pm25.annual-mean --db "$db"
checks=$((checks + 1))
grep -q "insufficient" <<<"$out" && fail "Beijing PM2.5 target not judged: $out"
expect_out "off-track" "target progress status"  # hand calculation: monitoring_service_test.cc
# A trend of the computed series (docs/trends.md "Series from monitoring data").
expect_rc 0 "values export computed" -- "$kinet" values export --city beijing \
  --indicator air.pm25.annual-mean --source-kind computed --out "$work/pm25.csv" --db "$db"
expect_rc 0 "trend of computed PM2.5" -- bash -c "sed '1s/period/time/' '$work/pm25.csv' | '$kinet' trend --period year"
expect_out "n: 3" "trend of computed PM2.5 (2014-2016)"
expect_out "trend: no trend" "trend of three points"  # S = -3, p = 0.30

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

# A what-if run (docs/air-quality.md "Stored assessments"): other options
# than the defaults print the assessment but leave the stored rows and the
# published air indicator values exactly as they were (computed_at included).
expect_rc 0 "export assessments" -- "$kinet" export air_assessments --format csv \
  --out "$work/assessed-before.csv" --db "$db"
for what_if in "--flagged include" "--aqi-rules us-epa-aqi-2024" "--limits who-aqg-2021:it-1"; do
  # shellcheck disable=SC2086 # the option and its value are two words
  expect_rc 0 "air assess what-if $what_if" -- "$kinet" air assess --city beijing --year 2015 \
    $what_if --db "$db"
  expect_out "Not stored: a what-if run" "what-if note $what_if"
done
expect_out "Attainment: who-aqg-2021 it-1" "what-if limits printed"
expect_rc 0 "export assessments again" -- "$kinet" export air_assessments --format csv \
  --out "$work/assessed-after.csv" --db "$db"
check "a what-if run changed the stored assessment" cmp -s "$work/assessed-before.csv" \
  "$work/assessed-after.csv"
expect_rc 0 "air publish after what-ifs" -- "$kinet" air publish --city beijing --year 2015 --db "$db"
expect_out "0 values inserted, 0 updated, 7 unchanged, 0 removed" "values unchanged by what-ifs"

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
check "a refused import changed the database" test "$before" = "$after"

expect_rc 2 "import without --format" -- "$kinet" import monitoring --db "$db" "$work/bad.csv"

# The file mode of air assess is unchanged.
printf 'station,city,time,PM2.5,PM10,SO2,NO2,CO,O3\n1001A,Beijing,2023-01-01 00:00,35,60,7,40,0.8,52\n' \
  > "$work/wide.csv"
expect_rc 0 "air assess file mode" -- "$kinet" air assess --input "$work/wide.csv" --out "$work/out"
check "air assess --input wrote no annual.csv" test -f "$work/out/annual.csv"

cli_finish
