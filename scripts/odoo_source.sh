# Sourced by scripts/common.sh when no Odoo 19.0 source tree is found: fetches one.
#   ODOO_GIT_URL  where from (default: the official repository; a mirror, or a local
#                 copy as file:///path/to/odoo)
#   ODOO_REF      which commit or branch (default: ODOO_PINNED_REF below)
# A shallow fetch of that one commit into a temporary sibling folder, checked
# (odoo/release.py must say 19.0), then renamed into place: an interrupted or refused
# fetch leaves nothing that a later run would take for Odoo.

ODOO_OFFICIAL_GIT_URL=https://github.com/odoo/odoo.git
# The official 19.0 commit the project is tested against; README "Odoo source" says
# how it was chosen.  Change it (or set ODOO_REF=19.0) to follow the branch.
ODOO_PINNED_REF=f1e68e16fbba124fd0b7fab4721b4ce8e61acb7b
ODOO_PROBE_TIMEOUT=${ODOO_PROBE_TIMEOUT:-20}

odoo_is_19() {
    [ -f "$1/odoo-bin" ] && grep -q "^version_info = (19, 0," "$1/odoo/release.py" 2>/dev/null
}

ensure_git() {
    command -v git >/dev/null && return 0
    [ "$(id -u)" -eq 0 ] || die "git is needed to fetch Odoo: install git, or set ODOO_SRC \
to an Odoo 19.0 source tree"
    log "installing git"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git >/dev/null
}

fetch_odoo() {
    local dest=$1
    local url=${ODOO_GIT_URL:-$ODOO_OFFICIAL_GIT_URL}
    local ref=${ODOO_REF:-$ODOO_PINNED_REF}
    local hint="set ODOO_SRC to an Odoo 19.0 source tree, or ODOO_GIT_URL to a reachable \
mirror or local copy (file:///path/to/odoo)"
    if [ -e "$dest" ] && [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
        die "${dest} is not empty and holds no Odoo 19.0 (no odoo-bin): nothing is fetched \
into it.  Empty it, or ${hint}"
    fi
    ensure_git
    if ! GIT_TERMINAL_PROMPT=0 timeout "$ODOO_PROBE_TIMEOUT" \
            git ls-remote --heads "$url" >/dev/null 2>&1; then
        die "Odoo 19.0 source not found and ${url} cannot be reached (no network, or no \
such repository): ${hint}"
    fi
    local tmp="${dest%/}.partial"
    mkdir -p "$(dirname "$dest")" && rm -rf "$tmp" && git init -q "$tmp" \
        || die "cannot create ${tmp}: set ODOO_SRC to a folder you can write"
    git -C "$tmp" remote add origin "$url"
    log "fetching Odoo 19.0 (${ref}) from ${url} into ${dest} (one shallow commit)"
    if ! GIT_TERMINAL_PROMPT=0 git -C "$tmp" fetch --depth 1 --progress origin "$ref"; then
        rm -rf "$tmp"
        die "cannot fetch ${ref} from ${url}: set ODOO_REF to a commit or branch that \
repository has, or ${hint}"
    fi
    git -C "$tmp" -c advice.detachedHead=false checkout -q FETCH_HEAD
    if ! odoo_is_19 "$tmp"; then
        rm -rf "$tmp"
        die "${ref} from ${url} is not Odoo 19.0 (odoo-bin, odoo/release.py): nothing was \
installed; ${hint}"
    fi
    rmdir "$dest" 2>/dev/null || true
    mv "$tmp" "$dest"
    log "Odoo 19.0 $(git -C "$dest" rev-parse --short=12 HEAD) is in ${dest}"
}
