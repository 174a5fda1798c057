"""Which file is the legal e-invoice the buyer receives, and keeping the provider's.

* A **coded** invoice (symbol C…): the file the tax authority returned — with its code
  (``MCCQT``) and its signature.  Only the provider holds it: once the invoice is
  accepted, the delivery cron (the e-mail worker, woken at acceptance) fetches it
  (``download_xml``), checks it is this invoice, coded and signed by the authority, and
  keeps it before the e-mail leaves; a failed fetch is tried again with the outbox's
  back-off (10 s doubling, capped at one hour), the first failure said in the chatter and
  a manager alerted after :data:`FETCH_ALERT_AFTER` tries.  Until then the e-mail
  waits, the lookup page says the file is not ready, and nothing hands out the addon's
  own unsigned copy.
* An **uncoded** invoice (symbol K…): the seller's signed XML.  When the company signs,
  that is the addon's own XML; when the provider signs for it, the provider's file is
  fetched and kept the same way (the addon's copy carries no signature).
* A **cash-register** invoice (symbol letter M in the code, C/K in the symbol): the XML
  with the code the register generated (``MCCQT`` holds it); the law asks no digital
  signature (Decree 123, art. 11(2)(b) as amended by Decree 70/2025), so the addon's own
  XML is the buyer's file, or the provider's when one was kept.
"""

import datetime
import hashlib
import logging
import time

from odoo import api, fields, models
from odoo.tools.mail import plaintext2html

from ..providers.base import ProviderError, TransientError
from ..standard.errors import StandardError
from ..standard.issued_check import legal_copy_problems
from .einvoice_outbox import backoff
from .einvoice_outbox_batch import wake_cron

_logger = logging.getLogger(__name__)

# About ten hours of tries at the back-off (10 s doubling, capped at one hour); the tries
# go on hourly afterwards, a manager is told once.
FETCH_ALERT_AFTER = 16


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    legal_xml_next_at = fields.Datetime(
        string="Next fetch of the legal XML", copy=False, readonly=True, index=True,
        help="Set while the provider's legal XML (with the tax authority's code and "
             "signature) is still to be fetched; the e-mail to the buyer waits for it.")
    legal_xml_attempts = fields.Integer(string="Fetches of the legal XML", copy=False,
                                        readonly=True)
    legal_xml_error = fields.Text(string="Why the legal XML is not kept yet", copy=False,
                                  readonly=True)

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

    # ------------------------------------------------------------------ fetching
    def _l10n_vn_einvoice_set_outcome(self, vals):
        # EXTEND the document: an accepted document whose legal file only the provider
        # holds gets it fetched by the delivery cron, woken now (or, in the outbox worker,
        # when its batch ends).
        result = super()._l10n_vn_einvoice_set_outcome(vals)
        if vals.get("state") == "accepted":
            waiting = self.filtered(lambda d: d._l10n_vn_einvoice_waits_for_legal_xml()
                                    and not d.legal_xml_next_at)
            if waiting:
                super(L10nVnEinvoiceDocument, waiting)._l10n_vn_einvoice_set_outcome(
                    {"legal_xml_next_at": fields.Datetime.now()})
                wake_cron(self.env, "l10n_vn_einvoice.ir_cron_einvoice_email")
        return result

    def _l10n_vn_einvoice_queue_fetch(self):
        """Fetch the legal file at the next run of the delivery cron (a user's resend)."""
        for doc in self.filtered(lambda d: d._l10n_vn_einvoice_waits_for_legal_xml()):
            doc._l10n_vn_einvoice_set_outcome({"legal_xml_next_at": fields.Datetime.now()})
        self.env.ref("l10n_vn_einvoice.ir_cron_einvoice_email")._trigger()

    @api.model
    def _l10n_vn_einvoice_fetch_due(self, limit=20, auto_commit=False):
        """Fetch the due legal files (the delivery cron's first step).  Returns the
        documents tried; wakes the cron again at the next due try."""
        now = fields.Datetime.now()
        # …and the e-mails waiting without a fetch planned (documents accepted before
        # the addon fetched legal files): their first fetch is now.
        docs = self.sudo().search([
            "|", ("legal_xml_next_at", "<=", now),
            "&", "&", "&", ("email_pending", "=", True), ("legal_xml_next_at", "=", False),
            ("provider_xml_attachment_id", "=", False),
            "|", ("kind", "=", "coded"), "&", ("kind", "=", "uncoded"), ("signed", "=", False),
        ], limit=limit, order="legal_xml_next_at, id")
        clients = {}
        for doc in docs:
            company = doc.company_id
            try:
                with self.env.cr.savepoint():
                    if company.id not in clients:
                        clients[company.id] = company.sudo()._l10n_vn_einvoice_client()
                    doc._l10n_vn_einvoice_fetch_legal_xml(clients[company.id])
            except Exception as error:  # a fetch that fails never stops the cron
                _logger.exception("e-invoice %s: legal XML not fetched", doc.id)
                doc._l10n_vn_einvoice_fetch_later(f"{type(error).__name__}: {error}")
            if auto_commit:
                self.env["ir.cron"]._commit_progress()
        following = self.sudo().search([("legal_xml_next_at", "!=", False)], limit=1,
                                       order="legal_xml_next_at")
        if following:
            self.env.ref("l10n_vn_einvoice.ir_cron_einvoice_email")._trigger(
                following.legal_xml_next_at)
        return docs

    def _l10n_vn_einvoice_fetch_legal_xml(self, client):
        self.ensure_one()
        if not self._l10n_vn_einvoice_waits_for_legal_xml():
            self._l10n_vn_einvoice_set_outcome({"legal_xml_next_at": False})
            return
        attempt = self.legal_xml_attempts + 1
        started, clock = fields.Datetime.now(), time.monotonic()
        xml = error = None
        try:
            xml = client.download_xml(self.submission_key)
        except ProviderError as exc:
            error = exc
        self.env["l10n_vn_einvoice.exchange"].sudo().create({
            "document_id": self.id, "operation": "download_xml", "provider": client.name,
            "started_at": started, "duration_ms": int((time.monotonic() - clock) * 1000),
            "result": "ok" if error is None else "transient"
            if isinstance(error, TransientError) else "rejected",
            "attempt": attempt, "error_code": error.code if error else "",
            "message": f"{error.message}\n{error.message_vi}" if error else ""})
        if error is not None:
            self._l10n_vn_einvoice_fetch_later(f"{error.message}\n{error.message_vi}")
            return
        problems = self._l10n_vn_einvoice_legal_problems(xml)
        if problems:
            self._l10n_vn_einvoice_fetch_later(
                self._l10n_vn_einvoice_refuse_legal_xml(xml, problems))
            return
        self._l10n_vn_einvoice_set_outcome({"legal_xml_next_at": False,
                                            "legal_xml_error": False,
                                            "legal_xml_attempts": attempt})
        self._l10n_vn_einvoice_keep_legal_xml(xml)

    def _l10n_vn_einvoice_fetch_later(self, message):
        """Try again after the back-off; say it once in the chatter, alert a manager once
        after :data:`FETCH_ALERT_AFTER` tries.  The accepted document is not changed."""
        self.ensure_one()
        attempt = self.legal_xml_attempts + 1
        next_at = fields.Datetime.now() + datetime.timedelta(seconds=backoff(attempt))
        self._l10n_vn_einvoice_set_outcome({"legal_xml_next_at": next_at,
                                            "legal_xml_attempts": attempt,
                                            "legal_xml_error": message})
        if attempt == 1:
            self._l10n_vn_einvoice_note_legal_wait(message, next_at)
        elif attempt == FETCH_ALERT_AFTER:
            self._l10n_vn_einvoice_alert_manager(self.env._(
                "The legal XML of e-invoice %(name)s could not be fetched from the "
                "provider after %(n)s attempts: %(reason)s\nThe e-mail to the buyer still "
                "waits; the tries go on every hour.\nKhông tải được tệp XML hợp pháp của "
                "hóa đơn điện tử %(name)s từ nhà cung cấp sau %(n)s lần thử: %(reason)s\n"
                "Thư gửi người mua vẫn chờ; việc thử lại tiếp tục mỗi giờ.",
                name=self.name, n=attempt, reason=message))
