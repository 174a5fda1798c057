# Shared by scripts/*.sh: where Odoo, the venv and PostgreSQL are.  Sourced, not run.
# Odoo is looked up, in order: $ODOO_SRC, the ODOO_SRC= line of
# ~/.config/l10n_vn_einvoice/env, then /opt/odoo.  When the folder found that way (or
# /opt/odoo) holds no Odoo yet, scripts/odoo_source.sh fetches Odoo 19.0 into it.  The
# venv lives outside the checkout so that a fresh clone (CI) reuses it: $L10N_VN_VENV or
# ~/.cache/l10n_vn_einvoice/venv.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
USER_ENV_FILE="${HOME}/.config/l10n_vn_einvoice/env"

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

if [ -z "${ODOO_SRC:-}" ] && [ -f "$USER_ENV_FILE" ]; then
    ODOO_SRC=$(sed -n 's/^ODOO_SRC=//p' "$USER_ENV_FILE" | tail -n 1)
fi
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
source "${REPO_ROOT}/scripts/odoo_source.sh"
if [ ! -f "${ODOO_SRC}/odoo-bin" ]; then
    fetch_odoo "$ODOO_SRC"
fi
odoo_is_19 "$ODOO_SRC" || die "${ODOO_SRC} is not Odoo 19.0 (odoo/release.py)"
[ -d "${ODOO_SRC}/addons/point_of_sale" ] \
    || die "${ODOO_SRC} is not a whole Odoo 19.0 Community tree (no addons/point_of_sale)"
export ODOO_SRC

L10N_VN_VENV=${L10N_VN_VENV:-${HOME}/.cache/l10n_vn_einvoice/venv}
VENV_PY="${L10N_VN_VENV}/bin/python"
ADDONS_PATH="${ODOO_SRC}/odoo/addons,${ODOO_SRC}/addons,${REPO_ROOT}"
# The repository's addons, the core and its bridges (l10n_vn_einvoice_pos, …): every
# l10n_vn_einvoice*/ folder with a manifest, so a new bridge is installed, linted and
# tested without editing the scripts.  ADDON_LIST is comma-separated (odoo-bin -i),
# ADDON_TESTS their test folders (one pytest run).
ADDONS=()
for _manifest in "${REPO_ROOT}"/l10n_vn_einvoice*/__manifest__.py; do
    ADDONS+=("$(basename "$(dirname "$_manifest")")")
done
ADDON_LIST=$(IFS=,; echo "${ADDONS[*]}")
ADDON_TESTS=()
for _addon in "${ADDONS[@]}"; do
    [ -d "${REPO_ROOT}/${_addon}/tests" ] && ADDON_TESTS+=("${_addon}/tests")
done
unset _manifest _addon
PG_CLUSTER_VERSION=${PG_CLUSTER_VERSION:-15}

# A test run's Odoo configuration: write_test_config FILE DATABASE HTTP_PORT GEVENT_PORT
# [extra option lines].
write_test_config() {
    local file=$1 db=$2 http=$3 gevent=$4
    shift 4
    {
        echo "[options]"
        echo "addons_path = ${ADDONS_PATH}"
        echo "db_name = ${db}"
        local line
        for line in "$@"; do echo "$line"; done
        echo "http_interface = 127.0.0.1"
        echo "http_port = ${http}"
        echo "gevent_port = ${gevent}"
        echo "log_level = warn"
        echo "without_demo = True"
    } >"$file"
}

# Drop a test database, the copies pytest-odoo made of it for its workers
# ("<db>-gw0", …) and its filestore.
drop_test_databases() {
    local db=$1 copy
    for copy in $(psql -d postgres -tAc \
            "SELECT datname FROM pg_database WHERE datname = '${db}' OR datname LIKE '${db}-gw%'"); do
        dropdb --if-exists "$copy" >/dev/null 2>&1 || true
        rm -rf "${HOME}/.local/share/Odoo/filestore/${copy}"
    done
    rm -rf "${HOME}/.local/share/Odoo/filestore/${db}"
}

# pytest-odoo on a configured test database, in $TEST_WORKERS pytest-xdist workers
# (default 2; 1 runs one process): pytest-odoo gives each worker its own copy of the
# database (createdb -T), conftest.py gives each copy its own uuid and filestore; a class
# runs whole in one worker (--dist loadscope), so class-level set-up is made once.
#   run_pytest CONFIG DATABASE CACHE_DIR [pytest args]; returns pytest's status.
run_pytest() {
    local rc=$1 db=$2 cache=$3
    shift 3
    local workers=${TEST_WORKERS:-2}
    local xdist=()
    [ "$workers" -gt 1 ] && xdist=(-n "$workers" --dist loadscope)
    log "running the tests (pytest-odoo, ${workers} worker(s))"
    "$VENV_PY" -m pytest -p odoo --odoo-config="$rc" --odoo-database="$db" --odoo-http \
        "${xdist[@]}" -o cache_dir="$cache" "$@"
}
