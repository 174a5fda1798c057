"""Posting a bill whose supplier e-invoice failed its checks asks first.

Errors (another taxpayer as the buyer, a signature that does not verify, figures that do
not add up, an invoice the supplier has since replaced) stop *Confirm*: it opens the
question with the reasons, and the bill posts only through "confirm anyway" with a
reason, kept with the user's name in the chatter.  Warnings do not stop it.  No context
key sent over JSON-RPC posts such a bill, by any path.
"""

import re

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..models.account_move_purchase_post import POST_ANYWAY_KEY
from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon
from .reference_files import real_files

# XML tag names of the standard, XML-DSig's, and what a library says
TECHNICAL = re.compile(r"LTSuat|TThue|ThTien|TgT\w+|DGia|SLuong|STCKhau|KeyInfo|X509|base64|"
                       r"Only |\d+\.0\b|xmlsec")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchasePost(PurchaseImportCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(cls.env, "vn_bill_poster",
                                  groups="account.group_account_invoice",
                                  company_id=cls.company.id)

    def import_bill(self, invoice, name, **signing):
        return self.bill_of(self.upload({name: pf.signed(invoice, **signing)}))

    def other_buyer_bill(self):
        return self.import_bill(pf.for_company(fx.vat_invoice(), buyer_tax_code="0101248141"),
                                "other.xml")

    def test_error_asks_and_confirm_anyway_keeps_who_and_why(self):
        bill = self.other_buyer_bill().with_user(self.clerk)
        action = bill.action_post()
        self.assertEqual((action["res_model"], action["target"]),
                         ("l10n_vn_einvoice.bill_post_wizard", "new"))
        self.assertEqual(bill.state, "draft", "nothing posted before the answer")
        wizard = self.env[action["res_model"]].with_user(self.clerk).with_context(
            **action["context"]).create({"reason": "Người bán xác nhận qua e-mail 20/11"})
        self.assertIn("0101248141", wizard.problems)
        self.assertIn("not to the company", wizard.problems)
        with self.assertRaisesRegex(UserError, "Say why"):
            self.env[action["res_model"]].with_user(self.clerk).with_context(
                **action["context"]).create({"reason": "   "}).action_confirm_anyway()
        self.assertEqual(bill.state, "draft")
        wizard.action_confirm_anyway()
        self.assertEqual(bill.state, "posted")
        note = bill.message_ids.filtered(lambda m: "Confirmed by" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn(self.clerk.name, note.body)
        self.assertIn("Người bán xác nhận qua e-mail 20/11", note.body)
        self.assertIn("0101248141", note.body)
        self.assertEqual(note.author_id, self.clerk.partner_id)

    def test_every_error_kind_asks(self):
        tampered = pf.signed(pf.for_company(fx.vat_invoice(), number=125)).replace(
            fx.SELLER.phone.encode(), b"0900000000")
        bills = {
            "signature": self.bill_of(self.upload({"tampered.xml": tampered})),
            "buyer": self.other_buyer_bill(),
        }
        for kind, bill in bills.items():
            with self.subTest(kind=kind):
                self.assertEqual(bill.action_post()["res_model"],
                                 "l10n_vn_einvoice.bill_post_wizard")
                self.assertEqual(bill.state, "draft")

    def test_replaced_invoice_asks(self):
        original = self.import_bill(pf.for_company(fx.vat_invoice(), number=124), "124.xml")
        self.assertFalse(original._l10n_vn_einvoice_post_problems())
        replacement = self.import_bill(pf.for_company(fx.replacement_invoice()), "131.xml")
        self.assertEqual(replacement.l10n_vn_einvoice_in_corrected_move_id, original)
        [problem] = original._l10n_vn_einvoice_post_problems()
        self.assertIn("the supplier has replaced this invoice", problem)
        self.assertEqual(original.action_post()["res_model"],
                         "l10n_vn_einvoice.bill_post_wizard")
        self.assertEqual(original.state, "draft")

    def test_warnings_do_not_stop_confirm(self):
        """A bill with warnings posts; selected with one that has errors, it posts and the
        question is about the other only."""
        bill = self.import_bill(pf.for_company(fx.vat_invoice(), number=140), "nocode.xml",
                                tax_authority=False)
        self.assertEqual(bill.l10n_vn_einvoice_in_status, "warning")
        wrong = self.other_buyer_bill()
        self.assertNotEqual(wrong, bill)
        action = (bill | wrong).action_post()
        self.assertEqual((bill.state, wrong.state), ("posted", "draft"))
        self.assertEqual(action["context"]["default_move_ids"], [(6, 0, wrong.ids)])

    def test_no_context_key_posts_it_over_json_rpc(self):
        """What a JSON-RPC caller can send: text in the context.  Neither action_post nor
        Odoo's other posting paths post the bill, whatever the key holds."""
        bill = self.other_buyer_bill()
        forged = bill.with_user(self.clerk).with_context(**{POST_ANYWAY_KEY: True})
        self.assertEqual(forged.action_post()["res_model"],
                         "l10n_vn_einvoice.bill_post_wizard")
        with self.assertRaisesRegex(UserError, "failed its checks"):
            forged._post(soft=False)
        batch = self.env["validate.account.move"].with_user(self.clerk).with_context(
            **{POST_ANYWAY_KEY: True}).create({"move_ids": [(6, 0, bill.ids)],
                                               "force_post": True})
        with self.assertRaisesRegex(UserError, "failed its checks"):
            batch.validate_move()
        self.assertEqual(bill.state, "draft")

    def test_check_messages_speak_to_a_bookkeeper(self):
        """The real test-environment message (VAT 84 000 on 1 200 000 at 10 %, signatures
        whose certificates are elided): amounts formatted, no tag names, no library text,
        in Vietnamese and English; the technical text kept apart in ``detail``."""
        path = next(p for p in real_files(".xml") if p.name.startswith("tdiep202"))
        bill = self.bill_of(self.upload({path.name: path.read_bytes()}))
        checks = {c["rule"]: c for c in bill.l10n_vn_einvoice_in_checks}
        self.assertEqual(checks["arithmetic.rate_vat"]["message"],
                         "the VAT at 10% is 84.000 ₫ on 1.200.000 ₫, where 10% gives "
                         "120.000 ₫")
        self.assertEqual(checks["arithmetic.rate_vat"]["message_vi"],
                         "tiền thuế GTGT 10% là 84.000 ₫ trên 1.200.000 ₫, trong khi 10% "
                         "cho 120.000 ₫")
        self.assertIn("LTSuat", checks["arithmetic.rate_vat"]["detail"])
        self.assertIn("base64", checks["signature.seller"]["detail"])
        for check in bill.l10n_vn_einvoice_in_checks:
            for text in (check["message"], check["message_vi"]):
                with self.subTest(rule=check["rule"], text=text):
                    self.assertNotRegex(text, TECHNICAL)
        problems = bill._l10n_vn_einvoice_post_problems()
        self.assertTrue(problems)
        for text in problems:
            self.assertNotRegex(text, TECHNICAL)
