from odoo import models
from odoo.addons.l10n_vn_einvoice.standard import model

# What the public lookup page calls a delivery note (bilingual: its visitors have no
# Odoo language), by the symbol's 4th letter.
PUBLIC_KINDS = {
    model.NOTE_INTERNAL: "Phiếu xuất kho kiêm vận chuyển nội bộ / "
                         "Delivery note for internal transport",
    model.NOTE_AGENT: "Phiếu xuất kho hàng gửi bán đại lý / "
                      "Delivery note for goods consigned to a sales agent",
}


class L10nVnEinvoiceDocument(models.Model):
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_public_view(self):
        # EXTEND 'l10n_vn_einvoice': the lookup page says a delivery note is one, and which.
        view = super()._l10n_vn_einvoice_public_view()
        if self.form == model.DELIVERY_FORM:
            view["kind"] = PUBLIC_KINDS.get(self.symbol[3:4], "")
        return view
