"""What the import checks, shown on the bill; what it refuses, and that it then creates
nothing: duplicates open the booked bill, hostile or broken files give a bilingual error.
"""

import dataclasses
import time
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..standard import model, money
from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon

GOLDEN = Path(__file__).parent / "data" / "golden"
BOMB = (b'<?xml version="1.0"?><!DOCTYPE HDon [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
        b']><HDon><DLHDon>&c;</DLHDon></HDon>')
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE HDon [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<HDon><DLHDon>&x;</DLHDon></HDon>')
XINCLUDE = (b'<HDon xmlns:xi="http://www.w3.org/2001/XInclude"><DLHDon>'
            b'<xi:include href="file:///etc/passwd" parse="text"/></DLHDon></HDon>')


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchaseChecks(PurchaseImportCommon):

    def checks(self, bill):
        return {check["rule"]: check for check in bill.l10n_vn_einvoice_in_checks}

    def test_same_invoice_twice_opens_the_first_bill(self):
        xml = pf.signed(pf.for_company(fx.vat_invoice()))
        first = self.bill_of(self.upload({"a.xml": xml}))
        before = self.bills()
        action = self.upload({"a (copy).xml": xml})
        self.assertEqual(self.bill_of(action), first)
        self.assertIn("already in Odoo", action["context"]["notifications"]["a (copy).xml"])
        self.assertEqual(self.bills(), before)
        # the same invoice re-indented by a mail client is still the same invoice
        self.assertEqual(self.bill_of(self.upload({"b.xml": xml.replace(b"><", b">\n<")})),
                         first)

    def test_same_invoice_twice_in_one_upload_makes_one_bill(self):
        xml = pf.signed(pf.for_company(fx.vat_invoice()))
        action = self.upload({"one.xml": xml, "two.xml": xml})
        summary = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual((summary.created_count, summary.present_count,
                          summary.refused_count), (1, 0, 1))
        self.assertIn("the same invoice as one.xml", summary.line_ids[1].reason)
        self.assertEqual(len(self.bills()), 1)

    def test_hostile_and_broken_files_create_nothing(self):
        valid = pf.signed(pf.for_company(fx.vat_invoice()))
        padding = b"<!-- " + b"x" * (20 * 2 ** 20) + b" -->"
        cases = {
            "bomb.xml": (BOMB, "DOCTYPE"),
            "external.xml": (EXTERNAL, "DOCTYPE"),
            "xinclude.xml": (XINCLUDE, "XInclude"),
            "20mb.xml": (valid.replace(b"<HDon>", padding + b"<HDon>", 1), "20.0 MB"),
            "truncated.xml": (valid[: len(valid) // 2], "malformed XML"),
            "notice.xml": ((GOLDEN / "error_notice.xml").read_bytes(), "04/SS-HĐĐT"),
            "unreadable.xml": (b"<HDon><DLHDon><TTChung/></DLHDon></HDon>",
                               "not an e-invoice in the tax authority's XML format"),
        }
        before = self.bills()
        for name, (data, reason) in cases.items():
            with self.subTest(name=name):
                started = time.perf_counter()
                with self.assertRaises(UserError) as caught:
                    self.upload({name: data})
                self.assertLess(time.perf_counter() - started, 5)
                message = str(caught.exception)
                self.assertIn(reason, message)
                # no tag names: they stay in the server's log
                self.assertNotRegex(message, r"/HDon|DLHDon|TTChung|\(TBao\)")
                self.assertIn("No bill was created", message)
                self.assertIn("Không tạo hóa đơn nào", message)
        self.assertEqual(self.bills(), before)

    def test_buyer_signature_and_content_checks_on_the_bill(self):
        other_buyer = pf.for_company(fx.vat_invoice(), buyer_tax_code="0101248141")
        bill = self.bill_of(self.upload({"other.xml": pf.signed(other_buyer)}))
        self.assertEqual(self.checks(bill)["buyer.other"]["severity"], "error")
        self.assertIn("not to the company (0315558888)", bill.alerts[
            next(k for k in bill.alerts if k.startswith("l10n_vn_einvoice_in_"))]["message"])
        self.assertEqual(bill.l10n_vn_einvoice_in_status, "error")
        self.env["res.lang"]._activate_lang("vi_VN")
        vietnamese = bill.with_context(lang="vi_VN")
        message = vietnamese.alerts["l10n_vn_einvoice_in_0"]["message"]
        self.assertEqual(message, "hóa đơn ghi mã số thuế người mua 0101248141, không phải "
                                  "của công ty (0315558888)")
        self.assertIn("Lỗi", vietnamese.l10n_vn_einvoice_in_checks_html)

        tampered = pf.signed(pf.for_company(fx.vat_invoice(), number=125)).replace(
            fx.SELLER.phone.encode(), b"0900000000")
        bill = self.bill_of(self.upload({"tampered.xml": tampered}))
        checks = self.checks(bill)
        self.assertEqual(checks["signature.seller"]["severity"], "error")
        self.assertIn("changed since signing: #data", checks["signature.seller"]["detail"])
        self.assertIn("the file was changed after it was signed",
                      checks["signature.seller"]["message"])
        self.assertEqual(checks["signature.tax_authority"]["severity"], "error")
        self.assertEqual(bill.l10n_vn_einvoice_in_status, "error")
        self.assertIn("danger", {alert["level"] for alert in bill.alerts.values()})

        borrowed = pf.signed(pf.for_company(fx.vat_invoice(), number=126),
                             signer_tax_code="0101248141")
        checks = self.checks(self.bill_of(self.upload({"borrowed.xml": borrowed})))
        self.assertEqual(checks["signature.signer"]["severity"], "warning")
        self.assertEqual(checks["signature.signer"]["signer_tax_code"], "0101248141")

        uncoded = pf.for_company(fx.vat_invoice(), symbol="K26TAA", number=127,
                                 kind=model.KIND_UNCODED)
        checks = self.checks(self.bill_of(self.upload({"k.xml": pf.signed(uncoded)})))
        self.assertNotIn("signature.authority_missing", checks)
        not_coded = pf.signed(pf.for_company(fx.vat_invoice(), number=128), tax_authority=False)
        checks = self.checks(self.bill_of(self.upload({"c.xml": not_coded})))
        self.assertEqual({checks[r]["severity"] for r in ("signature.authority_missing",
                                                          "mccqt.missing")}, {"warning"})

    def test_adjustment_and_replacement_link_to_the_bills_they_correct(self):
        original = self.bill_of(self.upload({"123.xml": pf.signed(pf.for_company(
            fx.vat_invoice()))}))
        adjustment = pf.for_company(fx.adjustment_invoice())
        refund = self.bill_of(self.upload({"130.xml": pf.signed(adjustment)}))
        self.assertEqual((refund.move_type, refund.reversed_entry_id,
                          refund.l10n_vn_einvoice_in_corrected_move_id),
                         ("in_refund", original, original))
        self.assertEqual(refund.amount_total, float(-adjustment.totals.total))
        alert = refund.alerts["l10n_vn_einvoice_in_corrected"]
        self.assertIn("adjusts 1C26TAA-123", alert["message"])
        self.assertEqual(alert["action"]["res_id"], original.id)

        replacement = pf.for_company(fx.replacement_invoice())
        bill = self.bill_of(self.upload({"131.xml": pf.signed(replacement)}))
        self.assertEqual(bill.l10n_vn_einvoice_in_correction, "replacement")
        self.assertFalse(bill.l10n_vn_einvoice_in_corrected_move_id)
        self.assertEqual(self.checks(bill)["related.missing"]["severity"], "warning")

    def test_what_was_read_cannot_be_rewritten(self):
        bill = self.bill_of(self.upload({"a.xml": pf.signed(pf.for_company(fx.vat_invoice()))}))
        user = new_test_user(self.env, "vn_bill_clerk", groups="account.group_account_invoice",
                             company_id=self.company.id, company_ids=[(6, 0, self.company.ids)])
        for vals in ({"l10n_vn_einvoice_in_status": "ok"},
                     {"l10n_vn_einvoice_in_checks": []},
                     {"l10n_vn_einvoice_in_key": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                bill.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(user).create({
                "move_type": "in_invoice", "l10n_vn_einvoice_in_key": bill.l10n_vn_einvoice_in_key})
        bill.with_user(user).write({"narration": "checked"})
        copy = bill.copy()
        self.assertFalse(copy.l10n_vn_einvoice_in_key or copy.l10n_vn_einvoice_in_checks)

    def test_unknown_rate_code_leaves_the_line_without_tax_and_says_so(self):
        invoice = fx.vat_invoice()
        lines = (dataclasses.replace(invoice.lines[0], vat_rate="KHAC:5.26%"),)
        invoice = pf.for_company(invoice, lines=lines, totals=money.compute_totals(lines))
        bill = self.bill_of(self.upload({"khac.xml": pf.signed(invoice)}))
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        self.assertEqual(self.checks(bill)["tax.missing"]["severity"], "warning")
