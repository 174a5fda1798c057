from odoo import api, fields, models
from odoo.addons.l10n_vn_einvoice.standard import delivery_note, model
from odoo.addons.l10n_vn_einvoice.standard.errors import StandardError
from odoo.exceptions import ValidationError

# Providers whose delivery-note operations are known.  VNPT: its invoice operations
# (ImportAndPublishInv, AdjustInvoiceAction, ReplaceInvoiceAction) with the delivery-note
# pattern ``6/<template>`` and the form-6 DLHDon.  Viettel: ``createInvoice`` with the
# symbol's delivery-note template, no tax and the note's data as ``metadata`` custom
# fields, the shape of Odoo's own l10n_vn_edi_viettel_stock (providers/viettel_note.py).
# Both are tested over HTTP against the sandbox playing their contracts (against VNPT
# and Viettel themselves: unverified).  BKAV, EasyInvoice and MISA: their clients refuse
# a form-6 document (NotSupportedError), and validation is refused here before anything
# is written.
NOTE_PROVIDERS = ("sandbox", "vnpt", "viettel")


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_vn_einvoice_note_symbol_internal = fields.Char(
        string="Internal transport note symbol", size=6,
        help="Symbol of delivery notes for transfers between the company's warehouses "
             "(form 6, 4th letter N), e.g. C26NAA; the year digits follow the issue date. "
             "Empty: C<year>NAA.")
    l10n_vn_einvoice_note_symbol_agent = fields.Char(
        string="Agent consignment note symbol", size=6,
        help="Symbol of delivery notes for goods sent to sales agents (form 6, 4th letter "
             "B), e.g. C26BAA. Empty: C<year>BAA.")

    @api.constrains("l10n_vn_einvoice_note_symbol_internal", "l10n_vn_einvoice_note_symbol_agent")
    def _check_l10n_vn_einvoice_note_symbols(self):
        today = fields.Date.context_today(self)
        for company in self:
            for fname, letter in (("l10n_vn_einvoice_note_symbol_internal", model.NOTE_INTERNAL),
                                  ("l10n_vn_einvoice_note_symbol_agent", model.NOTE_AGENT)):
                symbol = company[fname]
                if not symbol:
                    continue
                try:
                    delivery_note.check_symbol(
                        f"{symbol[:1]}{today.year % 100:02d}{symbol[3:]}", today)
                except StandardError as error:
                    raise ValidationError(self.env._(
                        "Delivery-note symbol %(symbol)s: %(reason)s\nKý hiệu phiếu xuất kho "
                        "%(symbol)s: %(reason_vi)s", symbol=symbol, reason=error.message,
                        reason_vi=error.message_vi)) from None
                if symbol[3:4] != letter:
                    raise ValidationError(self.env._(
                        "Delivery-note symbol %(symbol)s must have the letter %(letter)s in "
                        "4th place.\nKý hiệu phiếu xuất kho %(symbol)s phải có chữ %(letter)s "
                        "ở vị trí thứ tư.", symbol=symbol, letter=letter))

    def _l10n_vn_einvoice_note_symbol(self, letter, on_date):
        """The delivery-note symbol of ``letter`` (N or B) for ``on_date``: the configured
        one with the issue year's digits, or C<year><letter>AA."""
        self.ensure_one()
        symbol = (self.l10n_vn_einvoice_note_symbol_internal if letter == model.NOTE_INTERNAL
                  else self.l10n_vn_einvoice_note_symbol_agent) or f"C00{letter}AA"
        return f"{symbol[0]}{on_date.year % 100:02d}{symbol[3:]}"

    def _l10n_vn_einvoice_note_provider_problem(self):
        """Why this company's provider cannot issue delivery notes, or None."""
        self.ensure_one()
        provider = self.sudo().l10n_vn_einvoice_provider
        if provider in NOTE_PROVIDERS:
            return None
        label = dict(self._fields["l10n_vn_einvoice_provider"]._description_selection(
            self.env)).get(provider, provider)
        return self.env._(
            "Electronic delivery notes (form 6) cannot be issued through %(provider)s: its "
            "delivery-note operations are not published, and this addon does not guess "
            "them. Issue the notes on the provider's portal, or use the sandbox for tests."
            "\nKhông thể lập phiếu xuất kho điện tử (mẫu số 6) qua %(provider)s: các thao "
            "tác phiếu xuất kho của nhà cung cấp này chưa được công bố và phân hệ không "
            "đoán chúng. Hãy lập phiếu trên cổng của nhà cung cấp, hoặc dùng môi trường "
            "thử nghiệm (sandbox).", provider=label)
