from odoo import models

FAILED = ("rejected", "error")
PENDING = ("ready", "sent")


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _fill_sale_purchase_dashboard_data(self, dashboard_data):
        # EXTEND 'account': failed and pending e-invoices on the sales journal cards, where
        # accountants look every morning (issue 4 §6).
        super()._fill_sale_purchase_dashboard_data(dashboard_data)
        sale_journals = self.filtered(lambda journal: journal.type == "sale")
        if not sale_journals:
            return
        self.env["l10n_vn_einvoice.document"].flush_model(["state", "move_id"])
        self.env["account.move"].flush_model(["journal_id"])
        self.env.cr.execute("""
            SELECT move.journal_id, doc.state, COUNT(*)
              FROM l10n_vn_einvoice_document doc
              JOIN account_move move ON move.id = doc.move_id
             WHERE move.journal_id = ANY(%s) AND doc.state = ANY(%s)
          GROUP BY move.journal_id, doc.state""",
                            [sale_journals.ids, list(FAILED + PENDING)])
        counts = {}
        for journal_id, state, count in self.env.cr.fetchall():
            key = "failed" if state in FAILED else "pending"
            counts[journal_id, key] = counts.get((journal_id, key), 0) + count
        for journal in sale_journals:
            dashboard_data[journal.id].update(
                l10n_vn_einvoice_failed=counts.get((journal.id, "failed"), 0),
                l10n_vn_einvoice_pending=counts.get((journal.id, "pending"), 0))

    def action_l10n_vn_einvoice_documents(self):
        """The e-invoices of this journal, filtered as the dashboard link asks."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_vn_einvoice.action_einvoice_documents")
        action["domain"] = [("move_id.journal_id", "=", self.id)]
        action["context"] = {key: value for key, value in self.env.context.items()
                             if key.startswith("search_default_")}
        return action
