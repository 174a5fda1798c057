"""Upgrade to 19.0.1.2.0: the point of sale moved into the bridge ``l10n_vn_einvoice_pos``.

A database of the single addon (19.0.1.1.0 and before, which depended on
``point_of_sale``) is upgraded in place: before the core is loaded, what the bridge now
defines (its models, their fields, constraints, rights and rules, the fields it adds to
the POS and to the core's models, its views and pages) changes owner in ``ir_model_data``
and the constraint tables, and the bridge is marked to install, so the same ``-u
l10n_vn_einvoice`` loads it.  Without this, the end of the update would delete what the
core no longer loads: the POS orders' e-invoice columns, the code blocks, the buyer
requests.  Nothing is copied or recreated; the rows stay where they are.
"""

from odoo.tools import SQL

CORE = "l10n_vn_einvoice"
BRIDGE = "l10n_vn_einvoice_pos"
MOVED_MODELS = ("l10n_vn_einvoice.code_block", "l10n_vn_einvoice.buyer_request")
# ir_model_data names (LIKE patterns) of what the bridge defines.
MOVED_NAMES = (
    "model_l10n_vn_einvoice_code_block", "model_l10n_vn_einvoice_buyer_request",
    "field_l10n_vn_einvoice_code_block\\_\\_%", "field_l10n_vn_einvoice_buyer_request\\_\\_%",
    "selection\\_\\_l10n_vn_einvoice_code_block\\_\\_%",
    "selection\\_\\_l10n_vn_einvoice_buyer_request\\_\\_%",
    "constraint_l10n_vn_einvoice_code_block\\_%", "constraint_l10n_vn_einvoice_buyer_request\\_%",
    "field_pos\\_%", "selection\\_\\_pos\\_%", "constraint_pos\\_%",
    "field_l10n_vn_einvoice_document\\_\\_pos_order_id",
    "field_l10n_vn_einvoice_report_missing_line\\_\\_pos_order_id",
    "pos_config_view_form_l10n_vn_einvoice", "view_pos_order_tree_l10n_vn_einvoice",
    "view_pos_pos_form_l10n_vn_einvoice", "view_pos_pos_form_l10n_vn_einvoice_buyer_request",
    "pos_ticket\\_%", "access_code_block\\_%", "access_buyer_request\\_%",
    "rule_code_block_company", "rule_buyer_request_company",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT id FROM ir_module_module WHERE name = %s", [BRIDGE])
    row = cr.fetchone()
    if not row:  # the bridge is not on the addons path: the update would lose the POS data
        raise RuntimeError(
            f"{BRIDGE} must be on the addons path to upgrade {CORE} to 19.0.1.2.0 (its "
            f"point of sale moved there).\n{BRIDGE} phải có trong addons path để nâng cấp "
            f"{CORE} lên 19.0.1.2.0 (phần POS đã chuyển sang đó).")
    bridge_id = row[0]
    cr.execute("SELECT id FROM ir_module_module WHERE name = %s", [CORE])
    core_id = cr.fetchone()[0]
    patterns = SQL(" OR ").join(SQL("name LIKE %s", pattern) for pattern in MOVED_NAMES)
    cr.execute(SQL("""
        UPDATE ir_model_data SET module = %s
         WHERE module = %s AND (%s)
           AND NOT EXISTS (SELECT 1 FROM ir_model_data b
                            WHERE b.module = %s AND b.name = ir_model_data.name)
    """, BRIDGE, CORE, patterns, BRIDGE))
    cr.execute("""
        UPDATE ir_model_constraint c SET module = %s
          FROM ir_model m
         WHERE c.model = m.id AND c.module = %s
           AND (m.model IN %s OR m.model LIKE 'pos.%%')
    """, [bridge_id, core_id, MOVED_MODELS])
    cr.execute("""
        UPDATE ir_model_relation r SET module = %s
          FROM ir_model m
         WHERE r.model = m.id AND r.module = %s
           AND (m.model IN %s OR m.model LIKE 'pos.%%')
    """, [bridge_id, core_id, MOVED_MODELS])
    cr.execute("UPDATE ir_module_module SET state = 'to install' WHERE id = %s "
               "AND state IN ('uninstalled', 'to remove')", [bridge_id])
