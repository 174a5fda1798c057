"""The core's attack set-up (``odoo.addons.l10n_vn_einvoice.tests.attack_common``) with the
registers: the cashier is a POS user, and the POS rows are watched too."""

from odoo.addons.l10n_vn_einvoice.tests.attack_common import ROLES, AttackCase

from .pos_common import VnPosCommon


class PosAttackCase(VnPosCommon, AttackCase):

    ROLE_GROUPS = {**ROLES, "cashier": "point_of_sale.group_pos_user"}
    WATCHED = {
        **AttackCase.WATCHED,
        "l10n_vn_einvoice_document": (
            *AttackCase.WATCHED["l10n_vn_einvoice_document"], "pos_order_id"),
        "l10n_vn_einvoice_code_block": ("id", "company_id", "year", "first", "last"),
    }
