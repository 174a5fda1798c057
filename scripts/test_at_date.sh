#!/usr/bin/env bash
# Run the tests with the clock moved: the test process, Odoo in it, the browser it starts
# and PostgreSQL (now(), CURRENT_DATE) all believe it is DATE.
#   scripts/test_at_date.sh 2027-02-15 [pytest args]     # default: the whole suite
#   scripts/test_at_date.sh 2027-02-15 l10n_vn_einvoice/tests/test_odoo_pos_orders.py
# DATE is a day (the clock starts at noon, Vietnam time, that day) or any moment `date -d`
# reads ("2027-01-01 00:30 +07:00").  scripts/fake_clock.c, built here, is preloaded with
# one offset, computed once, into the tests and into a second PostgreSQL cluster of its
# own (FAKETIME_PG_CLUSTER, default "faketime", port FAKETIME_PG_PORT, default 5499), so
# the two clocks agree to the second and the everyday cluster keeps the real time.  Not
# libfaketime: under it PostgreSQL's statement/lock/deadlock timeouts never fire, and a
# test that expects a lock wait to time out hangs for good (fake_clock.c says why).
# The cluster is made on first use (as root) and restarted only when DATE changes: two
# runs at the same DATE may share it, runs at different dates may not run at once.
# Each run installs the addon into a fresh database on that cluster and drops it after;
# DB=name reuses (or makes and keeps) that database instead — quicker file by file.
source "$(dirname "$0")/common.sh"
[ $# -ge 1 ] || die "usage: scripts/test_at_date.sh DATE [pytest args]"
FAKE_DATE=$1; shift
"${REPO_ROOT}/scripts/setup.sh"

case "$FAKE_DATE" in
    [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) target=$(date -d "${FAKE_DATE} 12:00:00 +07:00" +%s) ;;
    *) target=$(date -d "$FAKE_DATE" +%s) ;;
esac || die "cannot read the date ${FAKE_DATE}"

PG_CLUSTER=${FAKETIME_PG_CLUSTER:-faketime}
PG_PORT=${FAKETIME_PG_PORT:-5499}
PG_CONF_DIR="/etc/postgresql/${PG_CLUSTER_VERSION}/${PG_CLUSTER}"
PG_ENV_FILE="${PG_CONF_DIR}/environment"
MARK="# test_at_date.sh"

if [ ! -d "$PG_CONF_DIR" ]; then
    [ "$(id -u)" -eq 0 ] || die "no PostgreSQL cluster ${PG_CLUSTER}: run once as root to make it"
    log "making PostgreSQL cluster ${PG_CLUSTER_VERSION}/${PG_CLUSTER} on port ${PG_PORT}"
    pg_createcluster "$PG_CLUSTER_VERSION" "$PG_CLUSTER" -p "$PG_PORT" >/dev/null
fi
PG_PORT=$(sed -n "s/^port *= *\([0-9]*\).*/\1/p" "${PG_CONF_DIR}/postgresql.conf")

# Next to the cluster's configuration, where the postgres user can read it.
FAKE_CLOCK_LIB="${PG_CONF_DIR}/fake_clock.so"
if [ ! -f "$FAKE_CLOCK_LIB" ] || [ "${REPO_ROOT}/scripts/fake_clock.c" -nt "$FAKE_CLOCK_LIB" ]; then
    command -v cc >/dev/null || die "no C compiler to build scripts/fake_clock.c (apt-get install gcc)"
    cc -shared -fPIC -O2 -Wall -Wno-nonnull-compare -o "$FAKE_CLOCK_LIB" \
        "${REPO_ROOT}/scripts/fake_clock.c" -ldl
    chmod 755 "$FAKE_CLOCK_LIB"
    rm -f "$PG_ENV_FILE.started"  # a new library: restart the cluster on it
fi

# The cluster's environment file (read by pg_ctlcluster) carries the offset; a cluster
# already running for the same target keeps its offset, and the tests take that one.
running_target=$(sed -n "s/^${MARK} target=//p" "$PG_ENV_FILE")
online=$(pg_lsclusters -h | awk -v c="$PG_CLUSTER" -v v="$PG_CLUSTER_VERSION" '$1==v && $2==c {print $4}')
if [ "$running_target" = "$target" ] && [ "$online" = "online" ] && [ -f "$PG_ENV_FILE.started" ]; then
    offset=$(sed -n "s/^FAKE_CLOCK_OFFSET = '\(.*\)'/\1/p" "$PG_ENV_FILE")
else
    offset=$(( target - $(date +%s) ))
    log "PostgreSQL ${PG_CLUSTER} restarts with its clock at $(date -u -d "@${target}") (offset ${offset} s)"
    sed -i "/^${MARK}/,\$d" "$PG_ENV_FILE"
    cat >> "$PG_ENV_FILE" <<ENV
${MARK} target=${target}
LD_PRELOAD = '${FAKE_CLOCK_LIB}'
FAKE_CLOCK_OFFSET = '${offset}'
ENV
    [ "$online" = "online" ] && pg_ctlcluster "$PG_CLUSTER_VERSION" "$PG_CLUSTER" stop
    pg_ctlcluster "$PG_CLUSTER_VERSION" "$PG_CLUSTER" start
    touch "$PG_ENV_FILE.started"
fi
me=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    su postgres -c "psql -p ${PG_PORT} -tAc \"SELECT 1 FROM pg_roles WHERE rolname='${me}'\"" | grep -q 1 \
        || su postgres -c "createuser -p ${PG_PORT} --superuser '${me}'"
fi
export PGPORT=$PG_PORT
export LD_PRELOAD="$FAKE_CLOCK_LIB" FAKE_CLOCK_OFFSET="$offset"
log "the clock in the tests and in PostgreSQL: $(psql -d postgres -tAc 'SELECT now()') / $(date)"

KEEP=${KEEP_DB:-0}
if [ -n "${DB:-}" ]; then KEEP=1; else DB="l10n_vn_einvoice_at_$(date +%Y%m%d)_$$"; fi
RC=$(mktemp --suffix=.conf)
cleanup() {
    rm -f "$RC"
    [ "$KEEP" = "1" ] || drop_test_databases "$DB"
}
trap cleanup EXIT
write_test_config "$RC" "$DB" "${TEST_HTTP_PORT:-8189}" "${TEST_GEVENT_PORT:-8192}" \
    "db_port = ${PG_PORT}"

cd "$REPO_ROOT"
if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${DB}'")" != "1" ]; then
    log "installing ${ADDON_LIST} into a fresh database ${DB} (port ${PG_PORT})"
    rm -rf "${HOME}/.local/share/Odoo/filestore/${DB}"
    "$VENV_PY" "${ODOO_SRC}/odoo-bin" -c "$RC" -d "$DB" -i "$ADDON_LIST" \
        --stop-after-init --log-level=warn
fi
# A safety net: a lock wait longer than this fails its test (LockNotAvailable) instead
# of hanging the run; the tests that wait on purpose set their own shorter lock_timeout.
# (for the role, so that the copies pytest-odoo makes for the two workers have it too)
psql -d postgres -qc "ALTER ROLE CURRENT_USER SET lock_timeout = '${TEST_LOCK_TIMEOUT:-300s}'"
# test_odoo_pg_restart.py (L10N_VN_LONG_TESTS=1) restarts this cluster, not the real one.
export L10N_VN_PG_CLUSTER="${PG_CLUSTER_VERSION} ${PG_CLUSTER}"
[ $# -gt 0 ] || set -- "${ADDON_TESTS[@]}" tests
log "running the tests at $(date)"
set +e
run_pytest "$RC" "$DB" /tmp/l10n_vn_einvoice_pytest_cache_at_date "$@"
status=$?
set -e
[ $status -eq 0 ] || die "tests failed at $(date) (pytest exit ${status})"
log "all tests passed at $(date)"
