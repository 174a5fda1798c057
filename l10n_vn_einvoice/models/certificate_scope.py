"""Which certificates are the e-invoice signing certificates.

Odoo's ``certificate`` module keeps every certificate and key of the database (other
localisations' signing keys, TLS client keys…).  The e-invoice manager manages the
e-invoice one only: it carries the scope ``l10n_vn_einvoice``, its key is marked from the
certificate that uses it, and the record rules (security/record_rules.xml) show a manager
nothing else (issue 11 §6)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCOPE = "l10n_vn_einvoice"


class CertificateCertificate(models.Model):
    _inherit = "certificate.certificate"

    scope = fields.Selection(selection_add=[(SCOPE, "Vietnam e-invoice signing")],
                             ondelete={SCOPE: "set null"})

    @api.model_create_multi
    def create(self, vals_list):
        # EXTEND 'certificate': a certificate may only use keys its author may read.
        self._l10n_vn_einvoice_check_keys(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        # EXTEND 'certificate'
        self._l10n_vn_einvoice_check_keys([vals])
        return super().write(vals)

    def _l10n_vn_einvoice_check_keys(self, vals_list):
        """Linking another use's key to one's e-invoice certificate would make the key
        readable through it: the key must already be readable by the user."""
        if self.env.su:
            return
        key_ids = {vals.get(name) for vals in vals_list
                   for name in ("private_key_id", "public_key_id")} - {None, False}
        self.env["certificate.key"].browse(key_ids).check_access("read")


class CertificateKey(models.Model):
    _inherit = "certificate.key"

    l10n_vn_einvoice_certificate_ids = fields.One2many(
        "certificate.certificate", "private_key_id", string="Certificates using this key")
    l10n_vn_einvoice_signing = fields.Boolean(
        string="E-invoice signing key", compute="_compute_l10n_vn_einvoice_signing",
        store=True, help="The private key of a Vietnamese e-invoice signing certificate.")

    @api.depends("l10n_vn_einvoice_certificate_ids.scope")
    def _compute_l10n_vn_einvoice_signing(self):
        for key in self:
            certificates = key.sudo().with_context(
                active_test=False).l10n_vn_einvoice_certificate_ids
            key.l10n_vn_einvoice_signing = SCOPE in certificates.mapped("scope")


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.constrains("l10n_vn_einvoice_certificate_id")
    def _check_l10n_vn_einvoice_certificate(self):
        for company in self.sudo():
            certificate = company.l10n_vn_einvoice_certificate_id
            if certificate and (certificate.scope != SCOPE
                                or certificate.company_id != company):
                raise ValidationError(self.env._(
                    "Certificate %(certificate)s is not an e-invoice signing certificate of "
                    "%(company)s: set its scope to \"Vietnam e-invoice signing\" and its "
                    "company to %(company)s.\nChứng thư %(certificate)s không phải chứng thư "
                    "ký hóa đơn điện tử của %(company)s: hãy đặt phạm vi \"Ký hóa đơn điện tử "
                    "Việt Nam\" và công ty %(company)s.", certificate=certificate.name,
                    company=company.name))
