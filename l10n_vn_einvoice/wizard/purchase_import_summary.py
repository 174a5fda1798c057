"""The summary of a bulk import on Vendor Bills: each file, what became of it, and why.

Written by the upload itself (``sudo``, see ``account.journal
.create_document_from_attachment``): users only read their own summaries (access rule
on ``create_uid``), so a summary always tells what the upload did, never what someone
typed into it.
"""

from odoo import api, fields, models

OUTCOMES = [("created", "Created"), ("present", "Already in Odoo"), ("refused", "Refused")]


class PurchaseImportSummary(models.TransientModel):
    _name = "l10n_vn_einvoice.purchase_import.summary"
    _description = "Vietnam e-invoicing: summary of an import of supplier e-invoices"

    line_ids = fields.One2many("l10n_vn_einvoice.purchase_import.summary.line", "summary_id",
                               string="Files", readonly=True)
    created_count = fields.Integer("Created", readonly=True)
    present_count = fields.Integer("Already in Odoo", readonly=True)
    refused_count = fields.Integer("Refused", readonly=True)

    @api.model
    def _from_report(self, report, created):
        names = report.kept_names if len(report.kept_names) == len(created) else \
            [move.ref for move in created]
        lines = [{"outcome": "created", "file_name": name, "move_id": move.id}
                 for name, move in zip(names, created, strict=True)]
        lines += [{"outcome": "present", "file_name": name, "move_id": bill.id}
                  for name, bill in report.present_files]
        lines += [{"outcome": "refused", "file_name": name,
                   "reason": self.env["account.move"]._l10n_vn_einvoice_text(message, vi)}
                  for name, message, vi in report.refused_files]
        return self.sudo().create({
            "created_count": len(created), "present_count": len(report.present_files),
            "refused_count": len(report.refused_files),
            "line_ids": [fields.Command.create(vals) for vals in lines],
        }).sudo(False)

    def action_open_bills(self):
        """The bills of the files, created or already there, in the Vendor Bills list."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "account.move",
            "name": self.env._("Imported bills"),
            "views": [(self.env.ref("account.view_in_invoice_bill_tree").id, "list"),
                      (False, "form")],
            "domain": [("id", "in", self.line_ids.move_id.ids)],
            "context": {"default_move_type": "in_invoice"},
        }


class PurchaseImportSummaryLine(models.TransientModel):
    _name = "l10n_vn_einvoice.purchase_import.summary.line"
    _description = "Vietnam e-invoicing: one file of an import of supplier e-invoices"
    _order = "id"

    summary_id = fields.Many2one("l10n_vn_einvoice.purchase_import.summary", required=True,
                                 ondelete="cascade", index=True)
    outcome = fields.Selection(OUTCOMES, required=True, readonly=True)
    file_name = fields.Char("File", readonly=True)
    move_id = fields.Many2one("account.move", string="Bill", readonly=True)
    reason = fields.Text(readonly=True)
