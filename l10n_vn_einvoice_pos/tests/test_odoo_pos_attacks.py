"""The registers' doors over JSON-RPC (issue 11 §4-§6, issue 22 §1): code blocks of
another company, the cashier voiding from an order or reserving blocks for absurd years,
every field this addon defines tried by every role, and a POS payload carrying the
server's fields."""

import datetime
import json

from odoo.addons.l10n_vn_einvoice.tests import test_odoo_attacks_fields as core_fields
from odoo.addons.l10n_vn_einvoice.tests.attack_common import PUBLIC
from odoo.tests import tagged

from .pos_attack_common import PosAttackCase

BACK_OFFICE = ["invoicing user", "accountant", "e-invoice manager", "accounting administrator"]


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosCompanyIsolation(PosAttackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.block_b = cls.env["l10n_vn_einvoice.code_block"].sudo().create({
            "company_id": cls.company_b.id, "config_id": cls.config_a.id, "form": "1",
            "year": 2026, "authority_string": "BBBBB", "first": 1, "last": 5})
        cls.block_a = cls.env["l10n_vn_einvoice.code_block"].sudo().create({
            "company_id": cls.company.id, "config_id": cls.config_a.id, "form": "1",
            "year": 2026, "authority_string": "AAAAA", "first": 1, "last": 5})

    def test_company_b_code_blocks_are_invisible_and_unreadable(self):
        for role in [*self.ROLE_GROUPS, PUBLIC]:
            with self.subTest(role=role):
                self.assertNotIn(self.block_b.id,
                                 self.visible_ids(role, "l10n_vn_einvoice.code_block"))
                self.assert_refused(role, "l10n_vn_einvoice.code_block", "read",
                                    self.block_b.ids, ["id"])

    def test_own_code_blocks_stay_visible(self):
        self.assertIn(self.block_a.id, self.visible_ids("cashier",
                                                        "l10n_vn_einvoice.code_block"))


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosLeastPrivilege(PosAttackCase):

    def test_cashier_cannot_void_from_the_pos_order(self):
        session = self.open_session(self.config_a)
        block = self.config_a.l10n_vn_einvoice_reserve_block(datetime.date.today().year)
        order = self.sync(self.order_data(session, code=self.codes_of(block)[0]))
        self.assertEqual(order.l10n_vn_einvoice_state, "ready", order.message_ids.mapped("body"))
        self.assert_refused("cashier", "pos.order", "action_l10n_vn_einvoice_void", order.ids)

    def test_code_blocks_only_for_this_year_or_the_next(self):
        this_year = datetime.date.today().year
        for year in (99999, this_year + 2, this_year - 1, -1, "2026; DROP"):
            with self.subTest(year=year):
                self.assert_refused("cashier", "pos.config", "l10n_vn_einvoice_reserve_block",
                                    [self.config_a.id], year)


@tagged("post_install", "-at_install")
class TestPosServerOwnedFields(PosAttackCase, core_fields.TestServerOwnedFields):
    """The core's enumeration over the fields this addon defines (its models' and those it
    adds to the core's and Odoo's)."""

    MODULE = "l10n_vn_einvoice_pos"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pos_session = cls.env["pos.session"].create({"config_id": cls.config_a.id,
                                                         "user_id": cls.env.uid})

    def known_records(self):
        return {**super().known_records(), "pos.config": self.config_a}

    def create_vals(self):
        return {**super().create_vals(),
                "pos.order": {"session_id": self.pos_session.id, "amount_tax": 0,
                              "amount_total": 0, "amount_paid": 0, "amount_return": 0}}

    def known_doors(self):
        return [("pos.order", "l10n_vn_einvoice_document_id"),
                ("l10n_vn_einvoice.document", "pos_order_id")]

    def test_pos_payload_cannot_carry_the_servers_fields(self):
        """A cashier syncs a paid order whose payload links another sale's e-invoice (and
        every other server-owned key): the keys are dropped, the sale gets its own."""
        Order = self.env["pos.order"]
        owned = self.server_owned()["pos.order"]
        forged = {name: self.value(Order._fields[name]) for name in owned}
        forged["l10n_vn_einvoice_document_id"] = self.register_doc.id
        payload = self.order_data(self.pos_session, **forged)
        payload["user_id"] = self.users["cashier"].id
        payload = json.loads(json.dumps(payload, default=str))
        self.rpc("cashier", "pos.order", "sync_from_ui", [payload])
        order = Order.search([("uuid", "=", payload["uuid"])])
        self.assertTrue(order)
        doc = order.l10n_vn_einvoice_document_id
        self.assertNotEqual(doc, self.register_doc)
        self.assertEqual(doc.pos_order_id, order, "the sale has its own e-invoice")
        self.assertEqual(doc.kind, "cash_register")
        self.assertNotEqual(self.register_doc.pos_order_id, order)

    def test_pos_payload_with_a_tax_code_and_no_name_is_never_invoiced(self):
        """A cashier syncs, over JSON-RPC, a paid order with a buyer's tax code, an empty
        name and only the country as address, and says the order needs nothing: the
        sale is kept, without an e-invoice, waiting for the buyer's data."""
        Partner = self.env["res.partner"]
        tax_code = "0100109106"
        Partner.search([("vat", "ilike", tax_code)]).write({"vat": False})
        payload = self.order_data(
            self.pos_session, l10n_vn_einvoice_buyer_tax_code=tax_code,
            l10n_vn_einvoice_buyer_company_name="", l10n_vn_einvoice_buyer_name=" ",
            l10n_vn_einvoice_buyer_address="Việt Nam", l10n_vn_einvoice_buyer_missing=False)
        payload["user_id"] = self.users["cashier"].id
        payload = json.loads(json.dumps(payload, default=str))
        self.rpc("cashier", "pos.order", "sync_from_ui", [payload])
        order = self.env["pos.order"].search([("uuid", "=", payload["uuid"])])
        self.assertEqual(order.state, "paid", "the sale is kept")
        self.assertFalse(order.l10n_vn_einvoice_document_id)
        self.assertFalse(self.env["l10n_vn_einvoice.document"].search(
            [("pos_order_id", "=", order.id)]))
        self.assertTrue(order.l10n_vn_einvoice_buyer_missing)
        self.assert_refused("cashier", "pos.order", "action_l10n_vn_einvoice_issue_held",
                            order.ids)
        self.assert_refused("cashier", "pos.order", "write", order.ids,
                            {"l10n_vn_einvoice_buyer_missing": False})
