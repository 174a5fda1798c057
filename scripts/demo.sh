#!/usr/bin/env bash
# README command 1: set everything up and run the demo on this machine.
#   scripts/demo.sh            (Ctrl-C stops Odoo and the sandbox provider)
# Idempotent: the demo database is created and filled on the first run, reused after.
# DEMO_DB (default l10n_vn_einvoice_demo), DEMO_PORT (8069), SANDBOX_PORT (8899).
source "$(dirname "$0")/common.sh"
"${REPO_ROOT}/scripts/setup.sh"

DB=${DEMO_DB:-l10n_vn_einvoice_demo}
PORT=${DEMO_PORT:-8069}
SANDBOX_PORT=${SANDBOX_PORT:-8899}
STATE_DIR="${HOME}/.local/share/l10n_vn_einvoice/${DB}"
RC="${STATE_DIR}/odoo.conf"
mkdir -p "${STATE_DIR}/sandbox"
cat > "$RC" <<CONF
[options]
addons_path = ${ADDONS_PATH}
db_name = ${DB}
dbfilter = ^${DB}\$
http_interface = 127.0.0.1
http_port = ${PORT}
gevent_port = $((PORT + 3))
list_db = False
CONF

installed() {
    psql -d "$DB" -tAc "SELECT 1 FROM ir_module_module WHERE name='l10n_vn_einvoice'
                        AND state='installed'" 2>/dev/null | grep -q 1
}
demo_loaded() {
    psql -d "$DB" -tAc "SELECT 1 FROM pos_config c JOIN res_company r ON r.id = c.company_id
                        JOIN res_partner p ON p.id = r.partner_id
                        WHERE p.vat IN ('0315558888', '001085012345')
                        HAVING COUNT(DISTINCT r.id) = 2
                        AND EXISTS (SELECT 1 FROM stock_warehouse WHERE code = 'KBD')" \
        2>/dev/null | grep -q 1
}
if ! installed; then
    log "creating the demo database ${DB} (a few minutes the first time)"
    dropdb --if-exists "$DB"
    "$VENV_PY" "${ODOO_SRC}/odoo-bin" -c "$RC" -d "$DB" \
        -i "${ADDON_LIST},pos_restaurant" --stop-after-init --log-level=warn
    installed || die "installing ${ADDON_LIST} into ${DB} failed (see the log above)"
else
    "$VENV_PY" "${ODOO_SRC}/odoo-bin" -c "$RC" -d "$DB" -u "$ADDON_LIST" \
        --stop-after-init --log-level=warn
fi
# The demo runs on ${PORT}: links in PDFs, e-mails and receipts (web.base.url, frozen so
# a login through another address does not move it) and the registers' lookup address.
BASE_URL="http://127.0.0.1:${PORT}"
psql -d "$DB" -qtAc "INSERT INTO ir_config_parameter (key, value) VALUES
                     ('web.base.url', '${BASE_URL}'), ('web.base.url.freeze', 'True')
                     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value" \
    || die "setting the demo's address failed"
if ! demo_loaded; then
    log "loading the demo company, products, customers and the two POS"
    echo "env['l10n_vn_einvoice.demo']._load_demo(); env.cr.commit()" \
        | "$VENV_PY" "${ODOO_SRC}/odoo-bin" shell -c "$RC" -d "$DB" --no-http --log-level=warn
    demo_loaded || die "loading the demo data into ${DB} failed (see the log above)"
fi

# The demo companies call the sandbox started below, on whatever port it runs this time.
psql -d "$DB" -qtAc "UPDATE res_company SET l10n_vn_einvoice_provider_url =
                     'http://127.0.0.1:${SANDBOX_PORT}' WHERE l10n_vn_einvoice_provider = 'sandbox'
                     AND l10n_vn_einvoice_provider_url LIKE 'http://127.0.0.1:%'" \
    || die "pointing the demo companies at the sandbox failed"
psql -d "$DB" -qtAc "UPDATE pos_config SET l10n_vn_einvoice_lookup_url =
                     '${BASE_URL}/einvoice/lookup'
                     WHERE l10n_vn_einvoice_lookup_url LIKE 'http://127.0.0.1:%'" \
    || die "pointing the registers' receipts at the lookup page on port ${PORT} failed"
log "starting the sandbox provider on http://127.0.0.1:${SANDBOX_PORT}"
cd "$REPO_ROOT"
"$VENV_PY" -m l10n_vn_einvoice.providers sandbox --host 127.0.0.1 --port "$SANDBOX_PORT" \
    --data "${STATE_DIR}/sandbox" &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null || true' EXIT

cat >&2 <<MSG
==> Odoo on ${BASE_URL}  (login admin / password admin; in Vietnamese, Vietnam time)
    Point of Sale > "Quầy bán lẻ" (shop) or "Nhà hàng Phở" (restaurant): sell, pay, the
    receipt carries the cash-register code; Accounting > Customers > Invoices: post an
    invoice, it becomes an e-invoice sent to the sandbox provider.  Switch to the company
    "Hộ kinh doanh Phở Bà Lan" (tax code = the owner's 12-digit ID, direct method):
    Point of Sale > "Quầy hộ kinh doanh" sells with the 20 % VAT reduction until 31/12/2026.
    Inventory (the shop): move "Xi măng PCB40" from its main warehouse to "Kho Bình Dương"
    (or send it to the agent with "Gửi bán đại lý"): validating issues the delivery note.
MSG
"$VENV_PY" "${ODOO_SRC}/odoo-bin" -c "$RC" -d "$DB" --max-cron-threads=2
