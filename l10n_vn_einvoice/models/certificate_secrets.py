"""The e-invoice signing key is read by the server only (issue 22 §4).

The server signs with the company's certificate in its own code (``sudo``): no user has
to read the PKCS#12, its password or the private key back — not the e-invoice manager who
uploads it, not the accounting or settings administrator.  For the certificates of the
e-invoice scope and their keys, the key material and passwords are therefore refused to
every user over the ORM (``read``, ``search_read``, domains that would test them, field
attachments through ``ir.attachment``); the forms keep working: ``web_read`` answers the
file's size (``bin_size``) and no password.  Certificates of other uses keep Odoo's rules.
Searching any certificate or key *by* its key material or password is refused to users
(a domain on a password is an oracle for it).
"""

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from .certificate_scope import SCOPE

SECRETS = {"certificate.certificate": ("content", "pkcs12_password"),
           "certificate.key": ("content", "pem_key", "password")}


def _einvoice_ids(env, model, ids):
    """The ids among ``ids`` of ``model`` that belong to the e-invoice scope."""
    if not ids:
        return set()
    records = env[model].sudo().with_context(active_test=False).browse(ids).exists()
    if model == "certificate.certificate":
        return set(records.filtered(lambda c: c.scope == SCOPE).ids)
    return set(records.filtered("l10n_vn_einvoice_signing").ids)


def _key_error(env):
    return AccessError(env._(
        "The e-invoice signing key and its password are read by the server only.\nKhóa ký "
        "hóa đơn điện tử và mật khẩu của nó chỉ máy chủ được đọc."))


def _denied(records, field, operation):
    """Whether reading ``field`` of ``records`` touches e-invoice key material (model
    level, as for a domain or a search_read: any certificate's)."""
    return (operation == "read" and not records.env.su
            and field.name in SECRETS[records._name]
            and (not records or bool(_einvoice_ids(records.env, records._name, records.ids))))


def _masked_web_read(records, specification, web_read):
    """``web_read`` of ``records`` with the e-invoice ones' secrets masked: the file's
    size when the client asks sizes (``bin_size``), else nothing; never a password."""
    secret = set(SECRETS[records._name]) & set(specification)
    hidden = _einvoice_ids(records.env, records._name, records.ids) \
        if secret and not records.env.su else set()
    if not hidden:
        return web_read(records, specification)
    plain = records.browse([i for i in records.ids if i not in hidden])
    masked_records = records.browse([i for i in records.ids if i in hidden])
    rows = web_read(plain, specification) if plain else []
    masked = web_read(masked_records, {name: spec for name, spec in specification.items()
                                       if name not in secret})
    files = [name for name in secret if records._fields[name].type == "binary"]
    sizes = {row["id"]: row for row in masked_records.sudo().with_context(
        bin_size=True).read(files)} if files and records.env.context.get("bin_size") else {}
    for row in masked:
        for name in secret:
            row[name] = sizes.get(row["id"], {}).get(name, False)
    by_id = {row["id"]: row for row in rows + masked}
    return [by_id[record_id] for record_id in records.ids]


class CertificateCertificate(models.Model):
    _inherit = "certificate.certificate"  # pylint: disable=consider-merging-classes-inherited

    def _has_field_access(self, field, operation):
        # EXTEND 'base': the e-invoice key material is the server's only.
        return not _denied(self, field, operation) and super()._has_field_access(
            field, operation)

    def _check_field_access(self, field, operation):
        # EXTEND 'base': say why (Odoo's message expects field groups).
        if _denied(self, field, operation):
            raise _key_error(self.env)
        return super()._check_field_access(field, operation)

    def web_read(self, specification):
        # EXTEND 'web': the forms show the file's size and no password.
        # (super() in the lambda binds its own first argument, ``records``)
        return _masked_web_read(self, specification,
                                lambda records, spec: super().web_read(spec))


class CertificateKey(models.Model):
    _inherit = "certificate.key"  # pylint: disable=consider-merging-classes-inherited

    def _has_field_access(self, field, operation):
        # EXTEND 'base'
        return not _denied(self, field, operation) and super()._has_field_access(
            field, operation)

    def _check_field_access(self, field, operation):
        # EXTEND 'base'
        if _denied(self, field, operation):
            raise _key_error(self.env)
        return super()._check_field_access(field, operation)

    def web_read(self, specification):
        # EXTEND 'web'
        # (super() in the lambda binds its own first argument, ``records``)
        return _masked_web_read(self, specification,
                                lambda records, spec: super().web_read(spec))


class IrAttachment(models.Model):
    _inherit = "ir.attachment"  # pylint: disable=consider-merging-classes-inherited

    def _check_access(self, operation):
        # EXTEND 'base': the files of the e-invoice key material are the server's only,
        # also for administrators (who read every field attachment otherwise).
        result = super()._check_access(operation)
        if operation != "read" or self.env.su or not self:
            return result
        forbidden = self.browse()
        rows = self.sudo().filtered(lambda a: a.res_model in SECRETS
                                    and a.res_field in SECRETS[a.res_model] and a.res_id)
        for model in SECRETS:
            of_model = rows.filtered(lambda a, model=model: a.res_model == model)
            secret_ids = _einvoice_ids(self.env, model, of_model.mapped("res_id"))
            forbidden |= of_model.filtered(lambda a, ids=secret_ids: a.res_id in ids)
        if not forbidden:
            return result
        forbidden = self.browse(forbidden.ids)
        if result:
            forbidden |= result[0]
        return forbidden, lambda: _key_error(self.env)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # EXTEND 'base': nor are they found by a search (administrators' searches are not
        # filtered by field otherwise).
        if not self.env.su and not kwargs.get("bypass_access"):
            domain = Domain(domain) & ~self._l10n_vn_einvoice_key_files_domain()
        return super()._search(domain, offset, limit, order, **kwargs)

    @api.model
    def _l10n_vn_einvoice_key_files_domain(self):
        certificates = self.env["certificate.certificate"].sudo().with_context(
            active_test=False).search([("scope", "=", SCOPE)])
        keys = self.env["certificate.key"].sudo().with_context(active_test=False).search(
            [("l10n_vn_einvoice_signing", "=", True)])
        return Domain.OR([
            Domain("res_model", "=", "certificate.certificate")
            & Domain("res_field", "in", SECRETS["certificate.certificate"])
            & Domain("res_id", "in", certificates.ids),
            Domain("res_model", "=", "certificate.key")
            & Domain("res_field", "in", SECRETS["certificate.key"])
            & Domain("res_id", "in", (keys | certificates.private_key_id).ids)])
