#!/usr/bin/env bash
# README command 2: run the whole test suite against a real Odoo 19 + PostgreSQL.
#   scripts/test.sh [extra pytest args]
# Lints first (ruff, pylint-odoo), then creates a fresh database
# with every addon of the repository installed (l10n_vn_einvoice*/: the core and its
# bridges), runs every test with pytest-odoo (pure tests of standard/ and
# providers/, Odoo tests, browser tours with --odoo-http, and tests/ of the repository:
# Odoo fetch, wheel, README), then drops the database.  Set KEEP_DB=1 to keep it.
source "$(dirname "$0")/common.sh"
"${REPO_ROOT}/scripts/setup.sh"

DB="l10n_vn_einvoice_test_$(date +%s)_$$"
RC=$(mktemp --suffix=.conf)
cleanup() {
    rm -f "$RC"
    [ "${KEEP_DB:-0}" = "1" ] || drop_test_databases "$DB"
}
trap cleanup EXIT
write_test_config "$RC" "$DB" "${TEST_HTTP_PORT:-8169}" "${TEST_GEVENT_PORT:-8172}"

# The checks of .pre-commit-config.yaml, offline with the venv's tools: ruff first (a
# second), pylint-odoo beside the installation (each takes one of two cores for a minute
# or more); a violation stops the run before any test.
log "lint: ruff, then pylint-odoo (.pylintrc) beside the installation"
cd "$REPO_ROOT"
"$VENV_PY" -m ruff check "${ADDONS[@]}" benchmarks scripts tests conftest.py
LINT_LOG=$(mktemp --suffix=.pylint)
"$VENV_PY" -m pylint --rcfile=.pylintrc "${ADDONS[@]}" >"$LINT_LOG" 2>&1 &
LINT_PID=$!

log "installing ${ADDON_LIST} into a fresh database ${DB}"
"$VENV_PY" "${ODOO_SRC}/odoo-bin" -c "$RC" -d "$DB" -i "$ADDON_LIST" \
    --stop-after-init --log-level=warn
if ! wait "$LINT_PID"; then
    cat "$LINT_LOG"
    die "pylint-odoo found violations (see above; .pylintrc says how to triage them)"
fi
rm -f "$LINT_LOG"

# The slowest first, so that the two workers end together instead of one finishing a
# browser tour alone: the repository's tests (tests/: the core installed alone in a
# database of its own), then every browser tour, then the addons' other tests — many
# short classes that fill the end.  pytest collects a file named twice once.
TOURS=()
for _tour in "${ADDON_TESTS[@]}"; do
    for _file in "${_tour}"/test_tour_*.py; do [ -f "$_file" ] && TOURS+=("$_file"); done
done
log "the tests: the repository's (tests/), the browser tours, then the addons' others"
set +e
run_pytest "$RC" "$DB" /tmp/l10n_vn_einvoice_pytest_cache --durations=10 \
    tests "${TOURS[@]}" "${ADDON_TESTS[@]}" "$@"
status=$?
set -e
[ $status -eq 0 ] || die "tests failed (pytest exit ${status})"
log "all tests passed"
