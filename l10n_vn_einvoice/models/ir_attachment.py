from odoo import api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_einvoice_files(self):
        # EXTEND 'base': e-invoice XML/PDF files are legal records kept for 10 years.
        docs = self.env["l10n_vn_einvoice.document"].sudo().search([
            ("state", "!=", "draft"), "|", "|",
            ("xml_attachment_id", "in", self.ids),
            ("pdf_attachment_id", "in", self.ids),
            ("provider_xml_attachment_id", "in", self.ids)], limit=1)
        if docs:
            raise UserError(self.env._(
                "This file belongs to e-invoice %(name)s and must be kept for 10 years.\n"
                "Tệp này thuộc hóa đơn điện tử %(name)s, phải lưu trữ 10 năm.", name=docs.name))
