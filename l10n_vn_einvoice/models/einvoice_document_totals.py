"""What the e-invoice list adds up: the documents that count, and the others apart.

A replaced invoice is cancelled by its replacement, a voided one never took effect, a
rejected one was never issued: adding their amounts to the issued ones counts a sale
twice (the replaced invoice and its replacement) or counts one that did not happen.
The tax summary and 01/GTGT leave them out; the list must agree with them to the đồng.
So the document's own amounts are shown on each row but not summed (no aggregator: a
grouped list or ``read_group`` cannot add them), and the sums are of ``counted_*`` —
the amounts of the documents in :data:`REPORTED_STATES`, zero for the others — with
:attr:`report_category` to show the others apart (group by it).
"""

from odoo import api, fields, models

from .einvoice_document_lines import REPORTED_STATES

CATEGORIES = [
    ("counted", "Counted in the totals"),
    ("replaced", "Replaced: not counted"),
    ("voided", "Voided: not counted"),
    ("not_issued", "Not issued (draft, rejected): not counted"),
]


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    amount_untaxed = fields.Monetary(aggregator=None)
    amount_tax = fields.Monetary(aggregator=None)
    amount_total = fields.Monetary(aggregator=None)
    report_category = fields.Selection(
        CATEGORIES, string="In the totals", compute="_compute_counted", store=True,
        index=True)
    counted_amount_untaxed = fields.Monetary(
        string="Counted before VAT", compute="_compute_counted", store=True)
    counted_amount_tax = fields.Monetary(string="Counted VAT", compute="_compute_counted",
                                         store=True)
    counted_amount_total = fields.Monetary(string="Counted total",
                                           compute="_compute_counted", store=True)

    @api.depends("state", "amount_untaxed", "amount_tax", "amount_total")
    def _compute_counted(self):
        for document in self:
            counted = document.state in REPORTED_STATES
            if counted:
                category = "counted"
            elif document.state in ("replaced", "voided"):
                category = document.state
            else:
                category = "not_issued"
            document.report_category = category
            document.counted_amount_untaxed = document.amount_untaxed if counted else 0.0
            document.counted_amount_tax = document.amount_tax if counted else 0.0
            document.counted_amount_total = document.amount_total if counted else 0.0
