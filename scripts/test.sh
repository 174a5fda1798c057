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
    if [ "${KEEP_DB:-0}" != "1" ]; then
        for db in "$DB" "${DB}-gw0" "${DB}-gw1" "${DB}-gw2" "${DB}-gw3"; do
            dropdb --if-exists "$db" >/dev/null 2>&1 || true
        done
        rm -rf "${HOME}/.local/share/Odoo/filestore/${DB}"
    fi
}
trap cleanup EXIT
cat > "$RC" <<CONF
[options]
addons_path = ${ADDONS_PATH}
db_name = ${DB}
http_interface = 127.0.0.1
http_port = ${TEST_HTTP_PORT:-8169}
gevent_port = ${TEST_GEVENT_PORT:-8172}
log_level = warn
without_demo = True
CONF

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

# Two pytest-xdist workers (TEST_WORKERS=1 for one process): pytest-odoo gives each its own
# copy of the database (createdb -T), conftest.py gives each copy its own uuid and
# filestore; a class runs whole in one worker (--dist loadscope), so class-level set-up is
# made once.
WORKERS=${TEST_WORKERS:-2}
XDIST=()
[ "$WORKERS" -gt 1 ] && XDIST=(-n "$WORKERS" --dist loadscope)
log "running the tests (pytest-odoo, ${WORKERS} worker(s)): the addons', then the repository's (tests/)"
set +e
"$VENV_PY" -m pytest -p odoo --odoo-config="$RC" --odoo-database="$DB" --odoo-http \
    "${XDIST[@]}" --durations=10 \
    -o cache_dir=/tmp/l10n_vn_einvoice_pytest_cache "${ADDON_TESTS[@]}" tests "$@"
status=$?
set -e
[ $status -eq 0 ] || die "tests failed (pytest exit ${status})"
log "all tests passed"
