import json

from odoo import models

from ..providers import diagnostics
from ..providers.base import ProviderError
from .einvoice_access import MANAGER, check_group


class ResConfigSettings(models.TransientModel):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    def action_l10n_vn_einvoice_test_connection(self):
        """Ask the provider with the credentials it will see (endpoint, credentials,
        symbols, clock) and say it plainly, naming the credentials still empty."""
        self.ensure_one()
        check_group(self.env, MANAGER, self.env._("Test connection"))
        self.execute()
        company = self.company_id.sudo()
        missing = company._l10n_vn_einvoice_missing_credentials()
        client = company._l10n_vn_einvoice_client()
        try:
            report = client.check_connection()
        except ProviderError as error:
            ok, lines = False, [f"✘ {error.message} / {error.message_vi}"]
        else:
            ok = report.ok
            lines = [("✔ " if passed else "✘ ") + detail for _name, passed, detail in report.checks]
            unknown = self._l10n_vn_einvoice_unknown_symbols(company, client) if ok else ""
            if unknown:
                ok = False
                lines.append("✘ " + unknown)
        if missing and company.l10n_vn_einvoice_provider == "sandbox":
            lines.insert(0, "ℹ " + self.env._(
                "Not filled in: %(fields)s. The sandbox was called with the stand-in value "
                "\"sandbox\" for each; a real provider needs them all.\nChưa nhập: %(fields)s. "
                "Môi trường thử nghiệm được gọi với giá trị thay thế \"sandbox\"; nhà cung "
                "cấp thật cần đủ các thông tin này.", fields=", ".join(missing)))
        elif missing:
            ok = False
            lines.insert(0, "✘ " + self.env._(
                "Not filled in: %(fields)s. The provider needs them all.\nChưa nhập: "
                "%(fields)s. Nhà cung cấp cần đủ các thông tin này.",
                fields=", ".join(missing)))
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {
                "title": self.env._(
                    "Connection to %(provider)s works / Kết nối %(provider_vi)s tốt",
                    provider=client.title, provider_vi=client.title_vi) if ok
                else self.env._(
                    "Connection to %(provider)s fails / Kết nối %(provider_vi)s lỗi",
                    provider=client.title, provider_vi=client.title_vi),
                "message": "\n".join(lines), "type": "success" if ok else "danger",
                "sticky": not ok, "className": "o_l10n_vn_einvoice_multiline",
            },
        }

    def action_l10n_vn_einvoice_export_diagnostics(self):
        """The last 50 exchanges, secrets masked, as a file for the provider's support."""
        self.ensure_one()
        check_group(self.env, MANAGER, self.env._("Export diagnostics"))
        company = self.company_id.sudo()
        exchanges = self.env["l10n_vn_einvoice.exchange"].sudo().search(
            [("company_id", "=", company.id)], limit=50, order="id desc")
        rows = [{"time": str(e.started_at), "document": e.document_id.name,
                 "operation": e.operation, "provider": e.provider, "attempt": e.attempt,
                 "duration_ms": e.duration_ms, "result": e.result, "error_code": e.error_code,
                 "message": e.message or ""} for e in reversed(exchanges)]
        certificate = company.l10n_vn_einvoice_certificate_id
        secrets = tuple(filter(None, (
            company.l10n_vn_einvoice_password, company.l10n_vn_einvoice_account_password,
            company.l10n_vn_einvoice_username, company.l10n_vn_einvoice_account,
            certificate.pkcs12_password, certificate.private_key_id.password)))
        payload = {"company_tax_code": company.vat, "provider": company.l10n_vn_einvoice_provider,
                   "endpoint": diagnostics.mask_text(
                       company.l10n_vn_einvoice_provider_url or "", secrets),
                   "exchanges": diagnostics.export_exchanges(rows, last=50, secrets=secrets)}
        attachment = self.env["ir.attachment"].create({
            "name": f"einvoice-diagnostics-{company.vat or company.id}.json",
            "raw": json.dumps(payload, ensure_ascii=False, indent=2).encode(),
            "mimetype": "application/json",
        })
        return {"type": "ir.actions.act_url", "target": "download",
                "url": f"/web/content/{attachment.id}?download=true"}
