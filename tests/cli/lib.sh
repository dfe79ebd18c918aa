# The harness shared by the end-to-end CLI tests (tests/cli/*_test.sh), which
# run the real `kinet` binary and check exit codes (docs/cli.md) and output.
# Sourced, never run:
#
#   set -uo pipefail
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   cli_setup pilot                        # $work: a temporary directory
#   expect_rc 0 "init" -- "$kinet" init --sample --db "$work/k.db"
#   expect_out "Loaded" "init output"
#   on_postgres pilot run_suite postgresql # run_suite URL postgresql, fresh schema
#   cli_finish                             # the counts; last line: the exit status
#
# A check that fails is counted and reported and the test goes on, so one run
# lists every failure. The PostgreSQL part runs against $KINET_TEST_PG_URL;
# without it the test FAILS, because a silently skipped backend is a backend
# nobody tests, unless KINET_TEST_PG=skip says to skip it on purpose (as the
# C++ contract suites do: tests/store/backend_fixture.h).

# Creates $work (removed when the test exits) and zeroes the counters.
cli_setup() {
  work=$(mktemp -d "/tmp/kinet-$1-test.XXXXXX")
  # shellcheck disable=SC2064  # expand $work now
  trap "rm -rf '$work'" EXIT
  failures=0
  checks=0
}

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect_rc WANT DESCRIPTION -- COMMAND...: runs COMMAND, checks its exit
# code, and leaves its stdout+stderr in $out for expect_out.
expect_rc() {
  local want=$1 what=$2
  shift 3
  out=$("$@" 2>&1)
  local rc=$?
  checks=$((checks + 1))
  [ "$rc" -eq "$want" ] || fail "$what: exit code $rc, expected $want; output: $out"
}

# expect_out TEXT DESCRIPTION: $out contains TEXT (a fixed string).
expect_out() {
  checks=$((checks + 1))
  grep -qF -- "$1" <<<"$out" || fail "$2: output lacks '$1'; output: $out"
}

# expect_file PATTERN FILE DESCRIPTION: FILE has a line matching PATTERN (a
# basic regular expression).
expect_file() {
  checks=$((checks + 1))
  grep -q -- "$1" "$2" || fail "$3: $2 has no line matching '$1'"
}

# check DESCRIPTION COMMAND...: COMMAND succeeds (e.g. `test A = B`).
check() {
  local what=$1
  shift
  checks=$((checks + 1))
  "$@" || fail "$what"
}

# on_postgres NAME FUNCTION ARGS...: runs `FUNCTION URL ARGS...` with URL a
# fresh schema of $KINET_TEST_PG_URL, dropped afterwards; or says why not.
on_postgres() {
  local name=$1 fn=$2
  shift 2
  if [ -z "${KINET_TEST_PG_URL:-}" ]; then
    if [ "${KINET_TEST_PG:-}" = skip ]; then
      echo "SKIPPED: PostgreSQL part (KINET_TEST_PG=skip)"
    else
      fail "KINET_TEST_PG_URL is not set: start a server with scripts/pg-test-server" \
        "(scripts/test does), or set KINET_TEST_PG=skip"
    fi
    return
  fi
  local schema="cli_${name}_$$_$RANDOM" sep='?'
  if ! psql -q -v ON_ERROR_STOP=1 "$KINET_TEST_PG_URL" -c "CREATE SCHEMA $schema" >/dev/null; then
    fail "cannot create schema $schema on $KINET_TEST_PG_URL"
    return
  fi
  case "$KINET_TEST_PG_URL" in *\?*) sep='&' ;; esac
  "$fn" "${KINET_TEST_PG_URL}${sep}options=-csearch_path%3D${schema}" "$@"
  psql -q "$KINET_TEST_PG_URL" -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
}

# Prints the counts; its status (the test's, as the last command) is 0 only
# when no check failed.
cli_finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}
