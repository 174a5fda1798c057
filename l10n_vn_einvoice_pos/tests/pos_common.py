"""Shared set-up of the POS tests: an enabled cash-register POS of the Vietnamese test
company, and order dictionaries shaped like the ones the POS sends to ``sync_from_ui``."""

import datetime
import uuid

from odoo import fields
from odoo.addons.l10n_vn_einvoice.standard.regimes import vat_reduction_on
from odoo.addons.l10n_vn_einvoice.standard.xmldsig import VN_TZ
from odoo.addons.l10n_vn_einvoice.tests.common import VnEinvoiceCommon

AUTHORITY = "AB12C"


class VnPosCommon(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("point_of_sale.group_pos_manager")
        cls.pos_products = cls.env["product.product"]
        # Two rates a till sells at today: the reduced 8 % only while a reduction is in
        # force (the register moves to 10 % when it ends), else the lasting 5 %.
        today = datetime.datetime.now(VN_TZ).date()
        reduced = cls.tax8 if vat_reduction_on(today) else cls.tax5
        for index in range(10):
            cls.pos_products |= cls.env["product.product"].create({
                "name": f"Món {index}", "available_in_pos": True, "type": "consu",
                "list_price": 25000 + 1337 * index,
                "taxes_id": [(6, 0, (reduced if index % 3 else cls.tax10).ids)],
            })
        cls.config_a = cls._vn_pos_config("Quầy A")
        cls.config_b = cls._vn_pos_config("Quầy B")

    @classmethod
    def _vn_pos_config(cls, name, enabled=True):
        journal = cls.env["account.journal"].create({
            "name": f"Cash {name}", "type": "cash", "code": f"C{len(name)}{name[-1]}"[:5],
            "company_id": cls.company.id})
        cash = cls.env["pos.payment.method"].create({
            "name": f"Cash {name}", "journal_id": journal.id, "company_id": cls.company.id,
            "receivable_account_id": cls.company_data["default_account_receivable"].id,
        })
        return cls.env["pos.config"].create({
            "name": name, "company_id": cls.company.id,
            "payment_method_ids": [(6, 0, cash.ids)],
            "invoice_journal_id": cls.company_data["default_journal_sale"].id,
            "journal_id": cls.company_data["default_journal_sale"].id,
            "l10n_vn_einvoice_enabled": enabled,
            "l10n_vn_einvoice_authority_string": AUTHORITY,
            "l10n_vn_einvoice_block_size": 5,
        })

    def open_session(self, config):
        config._check_before_creating_new_session()
        return self.env["pos.session"].create({"config_id": config.id,
                                               "user_id": self.env.uid})

    def order_data(self, session, products=None, code=False, partner=False, refund_of=None,
                   **extra):
        """A paid order as the POS sends it; ``refund_of`` returns all lines of an order."""
        lines = []
        if refund_of:
            for line in refund_of.lines:
                lines.append((0, 0, {
                    "product_id": line.product_id.id, "qty": -line.qty,
                    "price_unit": line.price_unit,
                    "price_subtotal": -line.price_subtotal,
                    "price_subtotal_incl": -line.price_subtotal_incl,
                    "tax_ids": [(6, 0, line.tax_ids.ids)],
                    "refunded_orderline_id": line.id,
                }))
        else:
            for product in products or self.pos_products[:2]:
                taxes = product.taxes_id
                result = taxes.compute_all(product.list_price, self.env.company.currency_id, 1)
                lines.append((0, 0, {
                    "product_id": product.id, "qty": 1, "price_unit": product.list_price,
                    "price_subtotal": result["total_excluded"],
                    "price_subtotal_incl": result["total_included"],
                    "tax_ids": [(6, 0, taxes.ids)],
                }))
        total = sum(line[2]["price_subtotal_incl"] for line in lines)
        untaxed = sum(line[2]["price_subtotal"] for line in lines)
        order_uuid = str(uuid.uuid4())
        return {
            "uuid": order_uuid, "name": f"Order {order_uuid}", "session_id": session.id,
            "user_id": self.env.uid, "partner_id": partner and partner.id,
            "pricelist_id": session.config_id.pricelist_id.id,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "amount_paid": total, "amount_return": 0, "amount_tax": total - untaxed,
            "amount_total": total, "lines": lines, "last_order_preparation_change": "{}",
            "payment_ids": [(0, 0, {
                "amount": total, "name": fields.Datetime.now(),
                "payment_method_id": session.config_id.payment_method_ids[:1].id})],
            "to_invoice": False, "state": "paid", "l10n_vn_einvoice_code": code,
            **extra,
        }

    def sync(self, *orders):
        """The synced orders (not the refunded ones the sync also returns)."""
        self.env["pos.order"].sync_from_ui(list(orders))
        uuids = [o["uuid"] for o in orders]
        return self.env["pos.order"].search([("uuid", "in", uuids)], order="id")

    def codes_of(self, block):
        """The codes a register makes from a block (what the browser does offline)."""
        year = block["year"] % 100
        return [f"M{block['form']}-{year:02d}-{block['authority_string']}-{seq:011d}"
                for seq in range(block["first"], block["last"] + 1)]
