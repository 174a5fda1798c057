from odoo import models

TRANSMITTED_STATES = ("accepted", "replaced", "voided")


class PosSession(models.Model):
    _inherit = "pos.session"

    def _l10n_vn_einvoice_untransmitted(self):
        """E-invoices of this session's orders the tax authority has not accepted yet."""
        self.ensure_one()
        return self.env["l10n_vn_einvoice.document"].sudo().search([
            ("pos_order_id.session_id", "=", self.id),
            ("state", "not in", TRANSMITTED_STATES)])

    def get_closing_control_data(self):
        # EXTEND 'point_of_sale': the closing screen lists what is still to transmit;
        # closing does not touch the outbox, so nothing is lost.
        data = super().get_closing_control_data()
        if self.config_id.l10n_vn_einvoice_enabled:
            docs = self._l10n_vn_einvoice_untransmitted()
            data["l10n_vn_einvoice_untransmitted"] = [
                {"code": d.tax_authority_code or d.name, "state": d.state,
                 "amount": d.amount_total} for d in docs]
        return data

    def close_session_from_ui(self, bank_payment_method_diff_pairs=None):
        # EXTEND 'point_of_sale': wake the outbox so the day's invoices leave before the
        # end-of-day deadline of the cash-register regime.
        result = super().close_session_from_ui(bank_payment_method_diff_pairs)
        if self.config_id.l10n_vn_einvoice_enabled:
            self.env.ref("l10n_vn_einvoice.ir_cron_outbox")._trigger()
        return result
