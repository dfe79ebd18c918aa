#!/usr/bin/env bash
# End-to-end checks of `kinet programme|request|notification|event` through
# the real binary, on SQLite and on PostgreSQL: the sample (init --sample)
# with its requests in five states, the contract `kinet event show ID`, a
# request taken through its lifecycle with `--as` users (refused steps exit 5,
# refused roles exit 7), matching with reasons, notifications.
#
#   assistance_test.sh KINET_BINARY
# PostgreSQL runs against $KINET_TEST_PG_URL; unset, the test fails unless
# KINET_TEST_PG=skip says to skip it.
set -uo pipefail
kinet=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cli_setup assist

run_suite() {
  local db=$1 label=$2
  expect_rc 0 "$label init --sample" -- "$kinet" --db "$db" init --sample --sample-data "$work/none"
  expect_out "Loaded 6 sample assistance programmes and 5 requests" "$label sample assistance"
  expect_out "Loaded 3 events" "$label sample events"

  # The contract: kinet event show ID (code or numeric id).
  expect_rc 0 "$label event show" -- "$kinet" --db "$db" event show beijing-seminar-2001
  expect_out "2001-03-20" "$label seminar date"
  expect_out "10:30-12:30" "$label formal session"
  expect_out "Professor Hidefumi Imura" "$label co-chair"
  expect_rc 0 "$label event show 1" -- "$kinet" --db "$db" event show 1 --format json
  expect_out '"code": "beijing-seminar-2001"' "$label event json"
  expect_rc 4 "$label unknown event" -- "$kinet" --db "$db" event show no-such-event

  expect_rc 0 "$label request list" -- "$kinet" --db "$db" request list --format json
  for s in completed accepted declined submitted draft; do expect_out "\"status\": \"$s\"" "$label sample $s"; done

  # A new request through its lifecycle, each step by the user of that role.
  expect_rc 0 "$label request add" -- "$kinet" --db "$db" request add --city weihai \
    --title "Landfill gas study" --type joint-research --theme management --budget 80000 \
    --wanted-start 2003-01-01 --as lei.wang@example.org
  local id
  id=$(sed -n 's/^Filed request \([0-9]*\) .*/\1/p' <<<"$out")
  [ -n "$id" ] || fail "$label: no request id in: $out"
  expect_rc 7 "$label endorse by the city" -- "$kinet" --db "$db" request endorse "$id" --as lei.wang@example.org
  expect_rc 5 "$label endorse a draft" -- "$kinet" --db "$db" request endorse "$id" --as wenjing.li@example.org
  expect_rc 0 "$label submit" -- "$kinet" --db "$db" request submit "$id" --as lei.wang@example.org
  expect_rc 0 "$label endorse" -- "$kinet" --db "$db" request endorse "$id" --as wenjing.li@example.org
  expect_rc 0 "$label match" -- "$kinet" --db "$db" request match "$id"
  expect_out "iges-joint-research       iges    yes" "$label eligible programme"
  expect_out "type: offers finance only" "$label reason"
  expect_rc 5 "$label forward ineligible" -- "$kinet" --db "$db" request forward "$id" --programme jbic-env-oda-loan
  expect_rc 0 "$label forward" -- "$kinet" --db "$db" request forward "$id" --programme iges-joint-research --as hana.morimoto@example.org
  expect_rc 7 "$label accept by ADB" -- "$kinet" --db "$db" request accept "$id" --programme iges-joint-research --as maria.delacruz@example.org
  expect_rc 0 "$label accept" -- "$kinet" --db "$db" request accept "$id" --programme iges-joint-research
  expect_rc 0 "$label start" -- "$kinet" --db "$db" request start "$id"
  expect_rc 0 "$label complete" -- "$kinet" --db "$db" request complete "$id" --help-delivered "Study done" --funds 75000
  expect_rc 0 "$label show" -- "$kinet" --db "$db" request show "$id"
  expect_out "Status:      completed" "$label completed"
  expect_out "wenjing.li@example.org" "$label history names the coordinator"
  expect_rc 0 "$label notifications" -- "$kinet" --db "$db" notification list --user lei.wang@example.org --unread
  expect_out "Landfill gas study' (weihai) was completed" "$label completion notified"
  expect_rc 0 "$label read-all" -- "$kinet" --db "$db" notification read-all --user lei.wang@example.org
  expect_rc 0 "$label programme show" -- "$kinet" --db "$db" programme show adb-urban-env-ta
  expect_out "Asian Development Bank" "$label agency name"
}

run_suite "$work/kinet.db" sqlite

on_postgres assist run_suite postgres

cli_finish
