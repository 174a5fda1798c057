from odoo import _, api, models
from odoo.tools.mail import plaintext2html


class L10nVnEinvoiceExchange(models.Model):
    _inherit = "l10n_vn_einvoice.exchange"

    @api.model_create_multi
    def create(self, vals_list):
        """Each exchange also appears in the document's chatter, where accountants look."""
        exchanges = super().create(vals_list)
        labels = dict(self._fields["result"]._description_selection(self.env))
        for exchange in exchanges:
            body = _("%(operation)s with %(provider)s: %(result)s (%(duration)s ms, try "
                     "%(attempt)s)", operation=exchange.operation,
                     provider=exchange.provider or "-", result=labels[exchange.result],
                     duration=exchange.duration_ms, attempt=exchange.attempt)
            if exchange.result != "ok" and exchange.message:
                body = f"{body}\n{exchange.error_code or ''} {exchange.message}".strip()
            exchange.document_id.sudo().message_post(body=plaintext2html(body),
                                                     subtype_xmlid="mail.mt_note")
        return exchanges
