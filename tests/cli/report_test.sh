#!/usr/bin/env bash
# End-to-end checks of the report and export contracts through the real
# binary, on SQLite and on PostgreSQL (docs/cli.md "kinet report", "kinet
# export"):
#   kinet report city NAME --year Y --lang en|zh --format html|pdf --out FILE
#   kinet report network --year Y --lang en|zh --format html|pdf --out FILE
#   kinet export TABLE|all --format csv|xlsx --out FILE
# Usage: report_test.sh KINET_BINARY
# PostgreSQL runs against $KINET_TEST_PG_URL; unset, the test fails unless
# KINET_TEST_PG=skip says to skip it.
set -uo pipefail
kinet=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cli_setup report

run_suite() {
  local db=$1 label=$2 dir="$work/$2"
  echo "== $label"
  mkdir -p "$dir"
  # The sample network without its monitoring data (a folder without it).
  expect_rc 0 "$label init" -- "$kinet" init --db "$db" --sample --sample-data "$dir/no-monitoring"

  # HTML in both languages: the headings, and Beijing's 2017 PM10 annual mean
  # of the sample yearbook values (84 ug/m3, data/sample/indicators/china_yearbook.csv).
  expect_rc 0 "$label report en" -- "$kinet" report city beijing --db "$db" --year 2017 --lang en \
    --format html --out "$dir/en.html"
  expect_file "Annual city report 2017" "$dir/en.html" "$label English title"
  expect_file "Progress on targets" "$dir/en.html" "$label English targets heading"
  expect_file ">84<" "$dir/en.html" "$label PM10 84 in the English report"
  expect_rc 0 "$label report zh" -- "$kinet" report city 北京 --db "$db" --year 2017 --lang zh \
    --format html --out "$dir/zh.html"
  expect_file "2017 年度城市报告" "$dir/zh.html" "$label Chinese title"
  expect_file "目标进展" "$dir/zh.html" "$label Chinese targets heading"

  # PDF, and the network report.
  expect_rc 0 "$label report pdf" -- "$kinet" report city beijing --db "$db" --year 2017 \
    --format pdf --out "$dir/en.pdf"
  check "$label PDF header" test "$(head -c 5 "$dir/en.pdf")" = "%PDF-"
  expect_rc 0 "$label network report" -- "$kinet" report network --db "$db" --year 2017 \
    --lang en --format html --out "$dir/nw.html"
  expect_file "Network report 2017" "$dir/nw.html" "$label network title"

  # Exit codes: unknown city 4, bad language 2 (usage), missing Chromium 6.
  expect_rc 4 "$label unknown city" -- "$kinet" report city atlantis --db "$db" --year 2017 \
    --out "$dir/x.html"
  expect_rc 2 "$label bad language" -- "$kinet" report city beijing --db "$db" --year 2017 \
    --lang fr --out "$dir/x.html"
  expect_rc 6 "$label missing Chromium" -- env KINET_CHROMIUM=/nonexistent "$kinet" report city \
    beijing --db "$db" --year 2017 --format pdf --out "$dir/x.pdf"
  check "$label a failed print left a file" test ! -e "$dir/x.pdf"
  expect_rc 3 "$label export all as csv" -- "$kinet" export all --db "$db" --format csv \
    --out "$dir/x.csv"
  expect_rc 4 "$label unknown table" -- "$kinet" export no_such_table --db "$db" --out "$dir/x.csv"

  # Exports: header with unit and provenance, one line per value; a workbook.
  expect_rc 0 "$label export values" -- "$kinet" export indicator_values --db "$db" --format csv \
    --out "$dir/v.csv"
  check "$label values header" grep -q "^city,indicator,period,value,unit,.*,source,.*,status," \
    <(head -1 "$dir/v.csv")
  expect_file "^beijing,air.pm10.annual-mean,2017,84,ug/m3," "$dir/v.csv" "$label Beijing PM10 row"
  expect_rc 0 "$label export all" -- "$kinet" export all --db "$db" --format xlsx \
    --out "$dir/all.xlsx"
  check "$label xlsx is a zip" test "$(head -c 2 "$dir/all.xlsx")" = "PK"
  check "$label export all: every table" grep -q " of $tables tables to " <<<"$out"

  # A detail table as CSV: Lanzhou's pilot funding in USD (data/sample/pilots.json:
  # a JBIC loan of 1750000 USD, the first funding line of the first project).
  expect_rc 0 "$label export pilot_funding" -- "$kinet" export pilot_funding --db "$db" \
    --format csv --out "$dir/f.csv"
  check "$label pilot_funding header" test "$(head -1 "$dir/f.csv")" = \
    "pilot,number,source,amount,currency,note,data_status"
  expect_file "^[0-9]*,1,JBIC loan,1750000,USD,,illustrative$" "$dir/f.csv" "$label JBIC loan row"

  # A main record with the texts users enter, after the earlier columns, and
  # (for the console) who created it: the sample's Kitakyushu practice
  # (data/sample/practices.toml lines 33-40), loaded by `init --sample` as the
  # operator "cli:kinet-init". Its texts are one line each in the sample.
  expect_rc 0 "$label export practices" -- "$kinet" export practices --db "$db" --format csv \
    --out "$dir/p.csv"
  check "$label practices header" test "$(head -1 "$dir/p.csv")" = \
    "code,city,title_en,title_local,start_year,end_year,cost,cost_usd,cost_unit,status,published_at,data_status,updated_by,updated_at,local_language,summary_en,summary_local,situation_before,objectives,measures,lessons,transfer_conditions,created_by,created_at"
  expect_file "^kitakyushu-blue-sky-1970,kitakyushu,.*,ja,.*,Restore air and water quality while keeping the industrial base\.,Pollution control agreements between the city and each major plant;.*,cli:kinet-init,[0-9-]*T[0-9:]*Z$" \
    "$dir/p.csv" "$label Kitakyushu practice with its texts"
  # An event's dates note and summary (data/sample/events.json lines 10, 14).
  expect_rc 0 "$label export events" -- "$kinet" export events --db "$db" --format csv \
    --out "$dir/e.csv"
  expect_file '^beijing-seminar-2001,.*,"Tuesday, 20 March 2001","Raised awareness of the Kitakyushu Initiative' \
    "$dir/e.csv" "$label Beijing seminar with its dates note and summary"
}

# `kinet export list` names every table (header line, then one per table),
# detail tables included, with its public rule.
expect_rc 0 "export list" -- "$kinet" export list
tables=$(($(wc -l <<<"$out") - 1))
check "export list has $tables tables, want >= 44" test "$tables" -ge 44
for t in practice_results practice_reviews request_steps pilot_result_actuals pilot_reports \
  event_participants event_actions; do
  check "export list names $t" grep -q "^$t " <<<"$out"
done
check "practice_reviews rule" grep -q "^practice_reviews .* published rows$" <<<"$out"
check "event_sessions rule" grep -q "^event_sessions .* yes$" <<<"$out"

run_suite "$work/k.db" sqlite
on_postgres report run_suite postgresql

cli_finish
