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
