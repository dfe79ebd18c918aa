#!/usr/bin/env bash
# End-to-end checks of `kinet practice` through the real binary, on SQLite
# and on PostgreSQL (docs/cli.md "kinet practice"): the contract `kinet
# practice search QUERY [--lang en|zh] [--format json]`, the workflow with a
# refused transition, evidence, and an import error naming file, line and
# field.
#
#   practice_test.sh KINET_BINARY
# PostgreSQL runs against $KINET_TEST_PG_URL; unset, the test fails unless
# KINET_TEST_PG=skip says to skip it.
set -uo pipefail
kinet=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cli_setup practice

run_suite() {
  local db=$1 label=$2
  echo "== $label"
  expect_rc 0 "$label init --sample" -- "$kinet" init --sample --db "$db" --sample-data "$work/none"
  expect_out "Loaded 13 sample best practices" "$label init"

  # The contract: Chinese without spaces, JSON shape.
  expect_rc 0 "$label search zh json" -- "$kinet" practice search 煤改气 --lang zh --format json --db "$db"
  expect_out '"query": "煤改气"' "$label search json query"
  expect_out '"lang": "zh"' "$label search json lang"
  expect_out '"total": 3' "$label search json total (Beijing, Urumqi, Lanzhou say 煤改气)"
  expect_out '"facets"' "$label search json facets"
  expect_rc 0 "$label search en table" -- "$kinet" practice search bicycle --lang en --db "$db"
  expect_out "hangzhou-public-bicycles-2008" "$label search en"
  expect_out "1 practices match 'bicycle'" "$label search en count"
  expect_rc 0 "$label search without --lang" -- "$kinet" practice search 太阳能 --db "$db"
  expect_out "rizhao-solar-water-heaters" "$label search any language"
  expect_rc 2 "$label search --lang fr is a usage error" -- "$kinet" practice search coal --lang fr --db "$db"
  expect_rc 3 "$label a query of stop words" -- "$kinet" practice search "the of" --db "$db"

  # Evidence from the series (docs/practices.md: Urumqi SO2 is a measured improvement).
  expect_rc 0 "$label evidence" -- "$kinet" practice evidence urumqi-gas-heating-2012 --db "$db"
  expect_out "Practice urumqi-gas-heating-2012 (urumqi): Measured improvement" "$label evidence level"

  # Workflow: add, publish refused (exit 5), submit, review, publish.
  expect_rc 0 "$label add" -- "$kinet" practice add --code weihai-test --city weihai --title-en "Test" \
    --start-year 2015 --theme air --measure-type policy --db "$db"
  expect_rc 5 "$label publish a draft" -- "$kinet" practice publish weihai-test --db "$db"
  expect_rc 0 "$label submit" -- "$kinet" practice submit weihai-test --db "$db"
  expect_out "is now submitted" "$label submit"
  expect_rc 3 "$label revise without comment" -- "$kinet" practice review weihai-test --verdict revise --db "$db"
  expect_rc 0 "$label accept" -- "$kinet" practice review weihai-test --verdict accept --comment ok --db "$db"
  expect_rc 0 "$label publish" -- "$kinet" practice publish weihai-test --db "$db"
  expect_out "is now published" "$label publish"
  expect_rc 4 "$label show unknown" -- "$kinet" practice show nothing-here --db "$db"

  # Import: all or nothing, the error names file, line and field.
  cat >"$work/bad.toml" <<'TOML'
[[practice]]
code = "import-one"
city = "beijing"
title_en = "One"
start_year = 2013
themes = ["air", "traffic"]
measure_types = ["policy"]
data_status = "illustrative"
TOML
  expect_rc 3 "$label import bad theme" -- "$kinet" practice import "$work/bad.toml" --db "$db"
  expect_out "bad.toml:1: themes[1]: 'traffic' is not one of" "$label import error location"
  expect_rc 4 "$label nothing imported" -- "$kinet" practice show import-one --db "$db"
}

run_suite "$work/k.db" sqlite
on_postgres practice run_suite postgresql

cli_finish
