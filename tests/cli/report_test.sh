#!/usr/bin/env bash
# End-to-end checks of the report and export contracts through the real
# binary on SQLite (docs/cli.md "kinet report", "kinet export"):
#   kinet report city NAME --year Y --lang en|zh --format html|pdf --out FILE
#   kinet report network --year Y --lang en|zh --format html|pdf --out FILE
#   kinet export TABLE|all --format csv|xlsx --out FILE
# Usage: report_test.sh KINET_BINARY
set -euo pipefail
kinet=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/k.db"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The sample network without its monitoring data (a folder without it).
"$kinet" init --db "$db" --sample --sample-data "$dir/no-monitoring" >/dev/null

# HTML in both languages: the headings, and Beijing's 2017 PM10 annual mean
# of the sample yearbook values (84 ug/m3, data/sample/indicators/china_yearbook.csv).
"$kinet" report city beijing --db "$db" --year 2017 --lang en --format html --out "$dir/en.html" >/dev/null
grep -q "Annual city report 2017" "$dir/en.html" || fail "English title"
grep -q "Progress on targets" "$dir/en.html" || fail "English targets heading"
grep -q ">84<" "$dir/en.html" || fail "PM10 84 in the English report"
"$kinet" report city 北京 --db "$db" --year 2017 --lang zh --format html --out "$dir/zh.html" >/dev/null
grep -q "2017 年度城市报告" "$dir/zh.html" || fail "Chinese title"
grep -q "目标进展" "$dir/zh.html" || fail "Chinese targets heading"

# PDF, and the network report.
"$kinet" report city beijing --db "$db" --year 2017 --format pdf --out "$dir/en.pdf" >/dev/null
[ "$(head -c 5 "$dir/en.pdf")" = "%PDF-" ] || fail "PDF header"
"$kinet" report network --db "$db" --year 2017 --lang en --format html --out "$dir/nw.html" >/dev/null
grep -q "Network report 2017" "$dir/nw.html" || fail "network title"

# Exit codes: unknown city 4, bad language 2 (usage), missing Chromium 6.
set +e
"$kinet" report city atlantis --db "$db" --year 2017 --out "$dir/x.html" 2>/dev/null; rc=$?
[ $rc -eq 4 ] || fail "unknown city exit $rc"
"$kinet" report city beijing --db "$db" --year 2017 --lang fr --out "$dir/x.html" 2>/dev/null; rc=$?
[ $rc -eq 2 ] || fail "bad language exit $rc"
KINET_CHROMIUM=/nonexistent "$kinet" report city beijing --db "$db" --year 2017 --format pdf \
  --out "$dir/x.pdf" 2>/dev/null; rc=$?
[ $rc -eq 6 ] || fail "missing Chromium exit $rc"
[ ! -e "$dir/x.pdf" ] || fail "a failed print left a file"
"$kinet" export all --db "$db" --format csv --out "$dir/x.csv" 2>/dev/null; rc=$?
[ $rc -eq 3 ] || fail "export all as csv exit $rc"
"$kinet" export no_such_table --db "$db" --out "$dir/x.csv" 2>/dev/null; rc=$?
[ $rc -eq 4 ] || fail "unknown table exit $rc"
set -e

# Exports: header with unit and provenance, one line per value; a workbook.
"$kinet" export indicator_values --db "$db" --format csv --out "$dir/v.csv" >/dev/null
head -1 "$dir/v.csv" | grep -q "^city,indicator,period,value,unit,.*,source,.*,status," ||
  fail "values header"
grep -q "^beijing,air.pm10.annual-mean,2017,84,ug/m3," "$dir/v.csv" || fail "Beijing PM10 row"
"$kinet" export all --db "$db" --format xlsx --out "$dir/all.xlsx" >/dev/null
[ "$(head -c 2 "$dir/all.xlsx")" = "PK" ] || fail "xlsx is not a zip"
echo "report_test: OK"
