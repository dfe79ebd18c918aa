#!/usr/bin/env bash
# End-to-end checks of `kinet pilot` through the real binary, on SQLite and
# on PostgreSQL: the contract `kinet pilot rank --call ID [--format json]`
# on the illustrative sample call (docs/pilots.md), the export, a call
# refused with the field named, the report approval step and its refused
# transitions, corrections of a project (`project update`), the project
# status table, the call's Chinese title, and the step to a draft best
# practice (docs/cli.md).
#
#   pilot_test.sh KINET_BINARY
# PostgreSQL runs against $KINET_TEST_PG_URL; unset, the test fails unless
# KINET_TEST_PG=skip says to skip it.
set -uo pipefail
kinet=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cli_setup pilot

run_suite() {
  local db=$1 label=$2
  echo "== $label"
  expect_rc 0 "$label init --sample" -- "$kinet" init --sample --db "$db"
  expect_out "Loaded the sample pilot call and 2 pilot projects (illustrative)" "$label init"

  # The contract, JSON form: weihai has no 2008 PM10 value, so it is listed,
  # not ranked, and says why; the others have both ranks.
  expect_rc 0 "$label pilot rank --format json" -- "$kinet" pilot rank --call 1 --format json \
    --db "$db"
  checks=$((checks + 1))
  python3 - "$out" <<'EOF' || fail "$label rank json: $out"
import json, sys
r = json.loads(sys.argv[1])
c = {x["city"]: x for x in r["candidates"]}
assert c["weihai"]["ranked"] is False and c["weihai"]["missing"] == ["need"], c["weihai"]
assert c["weihai"]["weighted_sum"] is None
assert "no value of air.pm10.annual-mean for 2008" in c["weihai"]["cells"][0]["provenance"]
ranks = sorted(x["weighted_sum_rank"] for x in r["candidates"] if x["ranked"])
assert ranks == [1, 2, 3, 4, 5, 6], ranks
assert len(r["perturbations"]) == 12  # 6 criteria x (0.8, 1.2)
assert abs(sum(k["weight"] for k in r["criteria"]) - 1) < 1e-9
EOF
  # The table form and the export with the full reasoning.
  expect_rc 0 "$label pilot rank" -- "$kinet" pilot rank --call 1 --out "$work/$label.csv" \
    --db "$db"
  expect_out "need (not ranked)" "$label rank table"
  expect_out "Sensitivity" "$label rank table"
  checks=$((checks + 1))
  head -1 "$work/$label.csv" | grep -q '^kind,city,criterion,factor,raw,provenance' ||
    fail "$label export header: $(head -1 "$work/$label.csv")"
  expect_rc 4 "$label rank of an unknown call" -- "$kinet" pilot rank --call 99 --db "$db"

  # A call with a bad weight is refused naming the field; nothing is stored.
  cat >"$work/bad.json" <<'EOF'
{"title": "Bad", "opens": "2010-01-01", "closes": "2010-02-01", "candidates": ["lanzhou"],
 "criteria": [{"code": "c", "source": "rating", "weight": 0}]}
EOF
  expect_rc 3 "$label call add with weight 0" -- "$kinet" pilot call add --file "$work/bad.json" \
    --db "$db"
  expect_out "bad.json: criteria[0].weight: criterion 'c'" "$label bad call"

  # An open call can be corrected with the JSON of `call add`; a closed one
  # (the sample call closed in 2009) is a record of its selection and refused.
  cat >"$work/open.json" <<'EOF'
{"title": "Open call", "opens": "2026-01-01", "closes": "2099-12-31", "candidates": ["lanzhou", "weihai"],
 "criteria": [{"code": "c", "source": "rating", "weight": 1}]}
EOF
  expect_rc 0 "$label call add open" -- "$kinet" pilot call add --file "$work/open.json" --db "$db"
  cid=$(grep -o 'Created call [0-9]*' <<<"$out" | grep -o '[0-9]*')
  sed -e 's/"Open call"/"Open call, corrected", "title_zh": "开放遴选（更正）"/' \
    "$work/open.json" >"$work/open2.json"
  expect_rc 0 "$label call update" -- "$kinet" pilot call update "$cid" --file "$work/open2.json" \
    --db "$db"
  expect_out "Updated call $cid: Open call, corrected (2 candidates, 1 criteria)" "$label call update"
  expect_rc 0 "$label call show updated" -- "$kinet" pilot call show "$cid" --db "$db"
  expect_out "开放遴选（更正）" "$label call update title_zh"
  expect_rc 6 "$label update a closed call" -- "$kinet" pilot call update 1 \
    --file "$work/open2.json" --db "$db"
  expect_out "call 1 closed on 2009-04-30" "$label closed call refused"

  # Reports: a new one is a draft; approving a draft is refused (conflict).
  expect_rc 0 "$label report" -- "$kinet" pilot project report 1 --period 2012 \
    --progress "done" --db "$db"
  expect_out ": draft" "$label report draft"
  rid=$(grep -o 'Report [0-9]*' <<<"$out" | grep -o '[0-9]*')
  expect_rc 5 "$label approve a draft" -- "$kinet" pilot project approve --report "$rid" --db "$db"
  expect_rc 0 "$label submit" -- "$kinet" pilot project submit --report "$rid" --db "$db"
  expect_rc 0 "$label approve" -- "$kinet" pilot project approve --report "$rid" --db "$db"
  expect_out "approved" "$label approve"

  # The results framework reads Lanzhou's yearbook SO2 series (2013: 33).
  expect_rc 0 "$label project show" -- "$kinet" pilot project show 1 --db "$db"
  expect_out "2013=33" "$label actuals"
  expect_rc 0 "$label outcome" -- "$kinet" pilot project outcome 1 --db "$db"
  expect_out "2007-2009" "$label outcome spans"
  # The sample call has a Chinese title (migration 0012).
  expect_rc 0 "$label call show" -- "$kinet" pilot call show 1 --db "$db"
  expect_out " / 北九州倡议试点项目：2009 年示例遴选（中国中等城市）" "$label call title_zh"

  # Corrections: `project update ID --file F` reads the JSON of `project add`
  # (here the stored project as shown, with its status left out: kept).
  expect_rc 0 "$label project show 2 json" -- "$kinet" pilot project show 2 --format json \
    --db "$db"
  checks=$((checks + 1))
  python3 - "$out" "$work" <<'EOF' || fail "$label update files: $out"
import json, sys
p = json.loads(sys.argv[1])["project"]
del p["status"]
p["budget"] = 880000
p["funding"].append({"source": "Qinghai provincial budget", "amount": 80000, "currency": "USD"})
def write(name, doc):
    with open(sys.argv[2] + "/" + name, "w") as f:
        json.dump(doc, f, ensure_ascii=False)
write("p2.json", p)
write("p2-end.json", dict(p, end="2009-12-31"))
# Xining has yearbook PM10 values for 2009..2012: the line holds actuals.
write("p2-drop.json", dict(p, indicators=[]))
write("p2-skip.json", dict(p, status="completed"))
EOF
  expect_rc 0 "$label project update" -- "$kinet" pilot project update 2 --file "$work/p2.json" \
    --db "$db"
  expect_out "Updated pilot project 2: Xining: dust control on construction sites (illustrative pilot) (xining, planned)" \
    "$label update"
  expect_rc 0 "$label project show 2 after update" -- "$kinet" pilot project show 2 \
    --format json --db "$db"
  checks=$((checks + 1))
  python3 - "$out" <<'EOF' || fail "$label updated project: $out"
import json, sys
p = json.loads(sys.argv[1])["project"]
assert p["budget"] == 880000, p["budget"]
assert p["funding"][-1]["source"] == "Qinghai provincial budget", p["funding"]
assert p["status"] == "planned", p["status"]
EOF
  expect_rc 3 "$label update ending before it starts" -- "$kinet" pilot project update 2 \
    --file "$work/p2-end.json" --db "$db"
  expect_out "p2-end.json: end: the project ends (2009-12-31) before it starts (2010-03-01)" \
    "$label update end"
  expect_rc 5 "$label update dropping an indicator with actuals" -- "$kinet" pilot project \
    update 2 --file "$work/p2-drop.json" --db "$db"
  expect_out "indicator 'air.pm10.annual-mean' of project 2 has actual values" "$label drop"
  expect_rc 5 "$label update planned to completed" -- "$kinet" pilot project update 2 \
    --file "$work/p2-skip.json" --db "$db"
  expect_out "project 2 is planned; it cannot become completed" "$label skip"

  # The status table (docs/pilots.md): planned → completed is refused; a
  # completed project is reopened and completed again.
  expect_rc 5 "$label status planned to completed" -- "$kinet" pilot project status 2 \
    --to completed --db "$db"
  expect_rc 0 "$label reopen" -- "$kinet" pilot project status 1 --to active --db "$db"
  expect_out "Project 1: active" "$label reopen"
  expect_rc 0 "$label complete again" -- "$kinet" pilot project status 1 --to completed \
    --db "$db"

  expect_rc 0 "$label to-practice" -- "$kinet" pilot project to-practice 1 --db "$db"
  expect_out "pilot-1-lanzhou" "$label to-practice"
  expect_rc 5 "$label to-practice twice" -- "$kinet" pilot project to-practice 1 --db "$db"
  expect_rc 6 "$label to-practice of a planned project" -- "$kinet" pilot project to-practice 2 \
    --db "$db"
  # A pilot that became a practice is not reopened; cancelled is final.
  expect_rc 5 "$label reopen after to-practice" -- "$kinet" pilot project status 1 --to active \
    --db "$db"
  expect_out "became practice pilot-1-lanzhou" "$label reopen after to-practice"
  expect_rc 0 "$label cancel the planned project" -- "$kinet" pilot project status 2 \
    --to cancelled --db "$db"
  expect_rc 5 "$label cancelled is final" -- "$kinet" pilot project status 2 --to active \
    --db "$db"
}

run_suite "$work/kinet.db" sqlite

on_postgres pilot run_suite postgresql

cli_finish
