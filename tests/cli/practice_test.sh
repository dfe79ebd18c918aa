#!/usr/bin/env bash
# End-to-end checks of `kinet practice` through the real binary on SQLite
# (docs/cli.md "kinet practice"): the contract `kinet practice search QUERY
# [--lang en|zh] [--format json]`, the workflow with a refused transition,
# evidence, and an import error naming file, line and field.
#
#   practice_test.sh KINET_BINARY
set -uo pipefail
kinet=$1
work=$(mktemp -d /tmp/kinet-practice-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
db="$work/k.db"
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

expect_rc 0 "init --sample" -- "$kinet" init --sample --db "$db" --sample-data "$work/none"
expect_out "Loaded 13 sample best practices" "init"

# The contract: Chinese without spaces, JSON shape.
expect_rc 0 "search zh json" -- "$kinet" practice search 煤改气 --lang zh --format json --db "$db"
expect_out '"query": "煤改气"' "search json query"
expect_out '"lang": "zh"' "search json lang"
expect_out '"total": 3' "search json total (Beijing, Urumqi, Lanzhou say 煤改气)"
expect_out '"facets"' "search json facets"
expect_rc 0 "search en table" -- "$kinet" practice search bicycle --lang en --db "$db"
expect_out "hangzhou-public-bicycles-2008" "search en"
expect_out "1 practices match 'bicycle'" "search en count"
expect_rc 0 "search without --lang" -- "$kinet" practice search 太阳能 --db "$db"
expect_out "rizhao-solar-water-heaters" "search any language"
expect_rc 2 "search --lang fr is a usage error" -- "$kinet" practice search coal --lang fr --db "$db"
expect_rc 3 "a query of stop words" -- "$kinet" practice search "the of" --db "$db"

# Evidence from the series (docs/practices.md: Urumqi SO2 is a measured improvement).
expect_rc 0 "evidence" -- "$kinet" practice evidence urumqi-gas-heating-2012 --db "$db"
expect_out "Practice urumqi-gas-heating-2012 (urumqi): Measured improvement" "evidence level"

# Workflow: add, publish refused (exit 5), submit, review, publish.
expect_rc 0 "add" -- "$kinet" practice add --code weihai-test --city weihai --title-en "Test" \
  --start-year 2015 --theme air --measure-type policy --db "$db"
expect_rc 5 "publish a draft" -- "$kinet" practice publish weihai-test --db "$db"
expect_rc 0 "submit" -- "$kinet" practice submit weihai-test --db "$db"
expect_out "is now submitted" "submit"
expect_rc 3 "revise without comment" -- "$kinet" practice review weihai-test --verdict revise --db "$db"
expect_rc 0 "accept" -- "$kinet" practice review weihai-test --verdict accept --comment ok --db "$db"
expect_rc 0 "publish" -- "$kinet" practice publish weihai-test --db "$db"
expect_out "is now published" "publish"
expect_rc 4 "show unknown" -- "$kinet" practice show nothing-here --db "$db"

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
expect_rc 3 "import bad theme" -- "$kinet" practice import "$work/bad.toml" --db "$db"
expect_out "bad.toml:1: themes[1]: 'traffic' is not one of" "import error location"
expect_rc 4 "nothing imported" -- "$kinet" practice show import-one --db "$db"

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
