#!/usr/bin/env bash
# Idempotent: system packages, the Python venv (Odoo's pins as constraints, lxml/xmlsec
# built against the system libxml2), and a running PostgreSQL with a superuser role for
# the current user.  Every other script calls it first; a second run only checks.
source "$(dirname "$0")/common.sh"

SYSTEM_PACKAGES="libxml2-dev libxslt1-dev libxmlsec1-dev libxmlsec1-openssl pkg-config
 libpq-dev libldap2-dev libsasl2-dev libjpeg-dev zlib1g-dev libffi-dev
 chromium wkhtmltopdf fonts-dejavu-core postgresql git"

install_system_packages() {
    local missing=()
    for pkg in $SYSTEM_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing system packages (run as root or install them): ${missing[*]}"
    log "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

stamp_of_requirements() {
    cat "${ODOO_SRC}/requirements.txt" "${REPO_ROOT}/requirements.txt" \
        "${REPO_ROOT}/requirements-test.txt" | sha256sum | cut -c1-16
}

install_venv() {
    local stamp; stamp=$(stamp_of_requirements)
    if [ -f "${L10N_VN_VENV}/.l10n_vn_stamp" ] && [ "$(cat "${L10N_VN_VENV}/.l10n_vn_stamp")" = "$stamp" ]; then
        return 0
    fi
    local python=${PYTHON:-python3.11}
    command -v "$python" >/dev/null || die "$python not found (Odoo 19 here runs on Python 3.11)"
    log "building the venv in ${L10N_VN_VENV} (first run takes several minutes)"
    [ -x "$VENV_PY" ] || "$python" -m venv "$L10N_VN_VENV"
    local constraints; constraints=$(mktemp)
    # cbor2 5.4.2 (Odoo's pin) does not build with setuptools >= 70, also inside
    # pip's isolated build environments, which honour PIP_CONSTRAINT.
    echo "setuptools<70" > "$constraints"
    export PIP_CONSTRAINT="$constraints" PIP_DISABLE_PIP_VERSION_CHECK=1
    "$VENV_PY" -m pip install -q --upgrade "pip<26" "setuptools<70" wheel pkgconfig setuptools_scm
    # lxml from source so that it and xmlsec share the system libxml2.
    "$VENV_PY" -m pip install -q --no-binary lxml -r "${ODOO_SRC}/requirements.txt"
    "$VENV_PY" -m pip install -q --no-binary lxml,xmlsec --no-build-isolation \
        -c "${ODOO_SRC}/requirements.txt" -r "${REPO_ROOT}/requirements.txt"
    "$VENV_PY" -m pip install -q -c "${ODOO_SRC}/requirements.txt" -r "${REPO_ROOT}/requirements-test.txt"
    "$VENV_PY" -c "import lxml.etree, xmlsec, zeep, stdnum, websocket" \
        || die "the venv cannot import lxml/xmlsec/zeep/stdnum/websocket"
    rm -f "$constraints"
    echo "$stamp" > "${L10N_VN_VENV}/.l10n_vn_stamp"
}

start_postgres() {
    # the main cluster itself: scripts/test_at_date.sh keeps a second one (faketime)
    if ! pg_lsclusters -h 2>/dev/null \
            | awk -v v="$PG_CLUSTER_VERSION" '$1 == v && $2 == "main" {print $4}' \
            | grep -q online; then
        log "starting PostgreSQL ${PG_CLUSTER_VERSION}"
        pg_ctlcluster "$PG_CLUSTER_VERSION" main start
    fi
    local me; me=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='${me}'\"" | grep -q 1 \
            || su postgres -c "createuser --superuser '${me}'"
    fi
    psql -d postgres -tAc "SELECT 1" >/dev/null || die "cannot connect to PostgreSQL as ${me}"
}

link_odoo() {
    # Odoo is used from its source tree as it is (no build): a .pth line puts it on sys.path.
    local site; site=$("$VENV_PY" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    echo "${ODOO_SRC}" > "${site}/odoo_src.pth"
    "$VENV_PY" -c "import odoo.release as r; assert r.version_info[:2] == (19, 0)" \
        || die "the venv cannot import Odoo 19.0 from ${ODOO_SRC}"
}

install_system_packages
install_venv
link_odoo
start_postgres
