from odoo import fields, models


class ResCompany(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # MCQT/TCQT of form 04/SS-HĐĐT: the tax office managing the seller.  Remembered from
    # the first notice so that the accountant types them once.
    l10n_vn_einvoice_tax_office_code = fields.Char(string="Tax office code", size=5)
    l10n_vn_einvoice_tax_office_name = fields.Char(string="Tax office name", size=100)
