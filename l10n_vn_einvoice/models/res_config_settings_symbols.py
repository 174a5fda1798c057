"""Symbols from the provider: one click in the settings asks the provider which forms and
symbols are registered for the company and offers them (issue 25 §4); a configured
symbol the provider does not list is named before the first invoice under it fails."""

from odoo import fields, models

from ..providers.base import ProviderError
from .einvoice_access import MANAGER, check_group


def configured_symbols(company):
    """``(label, form + symbol)`` of the symbols the company issues under today: the
    invoice symbol, and the cash-register symbol when one is set."""
    today = fields.Date.context_today(company.with_context(tz="Asia/Ho_Chi_Minh"))
    form = company.l10n_vn_einvoice_form or "1"
    found = [("invoice", form + company._l10n_vn_einvoice_symbol_for("coded", today))]
    if company.l10n_vn_einvoice_pos_symbol:
        found.append(("cash_register",
                      form + company._l10n_vn_einvoice_symbol_for("cash_register", today)))
    return found


def unknown_symbols_text(env, company, client, listed):
    """One bilingual sentence naming the configured symbols missing from ``listed`` (the
    provider's ``RegisteredSymbol`` list), or ``""``.  The cash-register symbol is checked
    only against a provider that lists cash-register symbols at all."""
    known = {symbol.form + symbol.symbol for symbol in listed}
    lists_registers = any(symbol.kind == "cash_register" for symbol in listed)
    unknown = [full for label, full in configured_symbols(company)
               if full not in known and (label == "invoice" or lists_registers)]
    if not unknown:
        return ""
    return env._(
        "Not registered at %(provider)s for this company: %(symbols)s. Invoices under it "
        "would be refused: pick a listed symbol (Fetch symbols) or register it first.\n"
        "Chưa đăng ký tại %(provider_vi)s cho công ty này: %(symbols)s. Hóa đơn theo ký hiệu "
        "này sẽ bị từ chối: hãy chọn một ký hiệu có trong danh sách (Lấy ký hiệu) hoặc đăng "
        "ký trước.", provider=client.title, provider_vi=client.title_vi,
        symbols=", ".join(unknown))


class ResConfigSettings(models.TransientModel):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    def action_l10n_vn_einvoice_fetch_symbols(self):
        """Save the settings, ask the provider for the symbols registered for the company
        and offer them in a dialog; a provider without such a call is named in words."""
        self.ensure_one()
        check_group(self.env, MANAGER, self.env._("Fetch symbols"))
        self.execute()
        company = self.company_id.sudo()
        client = company._l10n_vn_einvoice_client()
        if not client.lists_symbols:
            return self._l10n_vn_einvoice_notify("warning", self.env._(
                "%(provider)s lists no symbols / %(provider_vi)s không liệt kê ký hiệu",
                provider=client.title, provider_vi=client.title_vi), self.env._(
                "%(provider)s's API has no call listing the symbols registered for a company: "
                "type the form and symbols as registered with the tax authority.\n"
                "API của %(provider_vi)s không có chức năng liệt kê ký hiệu đã đăng ký: hãy "
                "nhập mẫu số và ký hiệu như đã đăng ký với cơ quan thuế.",
                provider=client.title, provider_vi=client.title_vi))
        try:
            listed = client.list_symbols()
        except ProviderError as error:
            return self._l10n_vn_einvoice_notify("danger", self.env._(
                "Symbols not fetched / Chưa lấy được ký hiệu"),
                f"{error.message}\n{error.message_vi}")
        if not listed:
            return self._l10n_vn_einvoice_notify("warning", self.env._(
                "No symbol registered / Chưa có ký hiệu"), self.env._(
                "%(provider)s lists no symbol registered for this company.\n%(provider_vi)s "
                "không có ký hiệu nào đăng ký cho công ty này.",
                provider=client.title, provider_vi=client.title_vi))
        in_use = {full for _label, full in configured_symbols(company)}
        wizard = self.env["l10n_vn_einvoice.symbol.pick"].create({
            "company_id": company.id,
            "provider_title": client.title if client.title == client.title_vi
            else f"{client.title} / {client.title_vi}",
            "unknown_warning": unknown_symbols_text(self.env, company, client, listed),
            "line_ids": [(0, 0, {"form": symbol.form, "symbol": symbol.symbol,
                                 "kind": symbol.kind or False, "template": symbol.template,
                                 "in_use": symbol.form + symbol.symbol in in_use})
                         for symbol in listed],
        })
        return {
            "type": "ir.actions.act_window", "res_model": "l10n_vn_einvoice.symbol.pick",
            "res_id": wizard.id, "view_mode": "form", "target": "new",
            "name": self.env._("Symbols registered at the provider / Ký hiệu đã đăng ký"),
        }

    def _l10n_vn_einvoice_unknown_symbols(self, company, client):
        """For the connection test: the configured symbols the provider does not list
        (``""`` when it lists none at all, or cannot be asked)."""
        if not client.lists_symbols:
            return ""
        try:
            listed = client.list_symbols()
        except ProviderError:
            return ""  # the connection test's own checks say what failed
        return unknown_symbols_text(self.env, company, client, listed)

    def _l10n_vn_einvoice_notify(self, kind, title, message):
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"title": title, "message": message, "type": kind,
                           "sticky": kind == "danger",
                           "className": "o_l10n_vn_einvoice_multiline"}}
