"""Which file is the legal e-invoice the buyer receives, and keeping the provider's.

* A **coded** invoice (symbol C…): the file the tax authority returned — with its code
  (``MCCQT``) and its signature.  Only the provider holds it: once the invoice is
  accepted, the worker fetches it (``download_xml``, outbox operation ``fetch_xml``),
  checks it is this invoice, coded and signed by the authority, and keeps it before the
  e-mail leaves.  Until then the e-mail waits, the lookup page says the file is not ready,
  and nothing hands out the addon's own unsigned copy.
* An **uncoded** invoice (symbol K…): the seller's signed XML.  When the company signs,
  that is the addon's own XML; when the provider signs for it, the provider's file is
  fetched and kept the same way (the addon's copy carries no signature).
* A **cash-register** invoice (symbol letter M in the code, C/K in the symbol): the XML
  with the code the register generated (``MCCQT`` holds it); the law asks no digital
  signature (Decree 123, art. 11(2)(b) as amended by Decree 70/2025), so the addon's own
  XML is the buyer's file, or the provider's when one was kept.
"""

import hashlib

from odoo import fields, models
from odoo.tools.mail import plaintext2html

from ..standard.errors import StandardError
from ..standard.issued_check import legal_copy_problems


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_needs_provider_xml(self):
        """Whether only the provider's file can be the legal one (see the module)."""
        self.ensure_one()
        return self.kind == "coded" or (self.kind == "uncoded" and not self.signed)

    def _l10n_vn_einvoice_waits_for_legal_xml(self):
        self.ensure_one()
        return self._l10n_vn_einvoice_needs_provider_xml() \
            and not self.provider_xml_attachment_id

    @staticmethod
    def _l10n_vn_einvoice_legal_xml_ready_domain():
        """Documents whose legal file is at hand (the mail cron's filter)."""
        return ["|", ("provider_xml_attachment_id", "!=", False),
                "|", ("kind", "=", "cash_register"),
                "&", ("kind", "=", "uncoded"), ("signed", "=", True)]

    def _l10n_vn_einvoice_legal_xml(self):
        """The attachment the buyer receives as the e-invoice (empty while it waits)."""
        self.ensure_one()
        if self.provider_xml_attachment_id:
            return self.provider_xml_attachment_id
        if self._l10n_vn_einvoice_needs_provider_xml():
            return self.env["ir.attachment"]
        return self.xml_attachment_id

    def _l10n_vn_einvoice_legal_problems(self, xml):
        """``[(English, Vietnamese)]``: why ``xml`` is not this document's legal file."""
        self.ensure_one()
        try:
            sent = self._l10n_vn_einvoice_invoice_data()
        except StandardError as exc:
            return [(exc.message, exc.message_vi)]
        return legal_copy_problems(xml, sent, self.tax_authority_code or "")

    def _l10n_vn_einvoice_keep_legal_xml(self, xml):
        """Keep the provider's file (checked by the caller) and let the e-mail leave."""
        self.ensure_one()
        attachment = self._l10n_vn_einvoice_attach(xml, "cqt")
        self._l10n_vn_einvoice_set_outcome({"provider_xml_attachment_id": attachment.id})
        self.sudo().message_post(body=plaintext2html(self.env._(
            "The provider's legal XML of e-invoice %(name)s was fetched, checked and kept "
            "(%(file)s); it is the file the buyer receives.\nĐã tải, kiểm tra và lưu tệp "
            "XML hợp pháp của hóa đơn điện tử %(name)s từ nhà cung cấp (%(file)s); đây là "
            "tệp người mua nhận được.", name=self.name, file=attachment.name)))
        if self.email_pending:
            self.env.ref("l10n_vn_einvoice.ir_cron_einvoice_email")._trigger()
        return attachment

    def _l10n_vn_einvoice_refuse_legal_xml(self, xml, problems):
        """Name the file that failed the check; it is not kept."""
        self.ensure_one()
        reasons = "; ".join(en for en, _vi in problems)
        reasons_vi = "; ".join(vi for _en, vi in problems)
        digest = hashlib.sha256(xml or b"").hexdigest()
        self.sudo().message_post(body=plaintext2html(self.env._(
            "The XML the provider handed out for e-invoice %(name)s (%(size)s bytes, SHA-256 "
            "%(digest)s) is not its legal file and was not kept: %(reasons)s.\nTệp XML nhà "
            "cung cấp trả về cho hóa đơn điện tử %(name)s (%(size)s byte, SHA-256 %(digest)s) "
            "không phải tệp hợp pháp của hóa đơn và không được lưu: %(reasons_vi)s.",
            name=self.name, size=len(xml or b""), digest=digest, reasons=reasons,
            reasons_vi=reasons_vi)))
        return f"{reasons}\n{reasons_vi}"

    def _l10n_vn_einvoice_note_legal_wait(self, reason, next_at):
        """Say once, in words, that the legal file could not be fetched and the e-mail
        waits for it."""
        self.ensure_one()
        when = fields.Datetime.context_timestamp(
            self.with_context(tz="Asia/Ho_Chi_Minh"), next_at).strftime("%d/%m/%Y %H:%M")
        self.sudo().message_post(body=plaintext2html(self.env._(
            "The legal XML of e-invoice %(name)s (with the tax authority's code and "
            "signature) could not be fetched from the provider yet: %(reason)s\nThe e-mail "
            "to the buyer waits for it and leaves once it is kept; next try at %(when)s "
            "(Vietnam time).\nChưa tải được tệp XML hợp pháp của hóa đơn điện tử %(name)s "
            "(có mã và chữ ký của cơ quan thuế) từ nhà cung cấp: %(reason)s\nThư gửi người "
            "mua chờ tệp này và được gửi đi khi đã lưu tệp; lần thử tiếp theo lúc %(when)s "
            "(giờ Việt Nam).", name=self.name, reason=reason, when=when)))

    def _l10n_vn_einvoice_fetch_waiting(self):
        """Queue the fetch of the legal file for documents whose e-mail waits and that
        have no fetch under way (after a give-up, or for documents accepted before the
        addon fetched): the mail cron calls it every hour, so nothing waits for ever."""
        waiting = self.sudo().search([("email_pending", "=", True),
                                      ("provider_xml_attachment_id", "=", False),
                                      ("state", "in", ("accepted", "adjusted", "replaced",
                                                       "notified"))])
        Outbox = self.env["l10n_vn_einvoice.outbox"].sudo()
        busy = set(Outbox.search([("document_id", "in", waiting.ids),
                                  ("operation", "=", "fetch_xml"),
                                  ("state", "in", ("pending", "sending"))]
                                 ).document_id.ids)
        for doc in waiting:
            if doc.id not in busy and doc._l10n_vn_einvoice_needs_provider_xml():
                doc._l10n_vn_einvoice_enqueue("fetch_xml", reset=True)
