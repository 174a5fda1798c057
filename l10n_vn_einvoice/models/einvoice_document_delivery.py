import logging
from decimal import Decimal
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mail import plaintext2html

from ..standard.money import format_amount_vi
from .einvoice_access import CASHIER, USER, check_group
from .einvoice_outbox_batch import wake_cron

_logger = logging.getLogger(__name__)

REPORT = "l10n_vn_einvoice.action_report_einvoice"
MAIL_TEMPLATE = "l10n_vn_einvoice.mail_template_einvoice"
# States in which the document carries its final outcome: its PDF may be frozen and sent.
FINAL_STATES = ("accepted", "adjusted", "replaced", "notified")


class L10nVnEinvoiceDocument(models.Model):
    """Delivery of an issued e-invoice: its PDF (frozen once), the e-mail to the buyer and
    the lookup data printed on both."""

    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    email_queued_at = fields.Datetime(
        string="Queued for e-mail at", copy=False, readonly=True,
        help="When the e-invoice was queued for e-mail to the buyer; set once, so an "
             "acceptance seen twice never e-mails the buyer twice.")
    email_mail_id = fields.Many2one("mail.mail", string="E-mail", copy=False, readonly=True,
                                    ondelete="set null")
    email_state = fields.Selection(
        related="email_mail_id.state", string="E-mail status",
        help="Outgoing until the mail server has accepted the e-mail; the chatter says when.")
    email_pending = fields.Boolean(
        copy=False, readonly=True, index=True,
        help="Accepted with a buyer e-mail: the mail is prepared by its own cron, because "
             "rendering the PDF (about a second) must not slow the transmission worker.")
    lookup_url = fields.Char(compute="_compute_lookup_url",
                             help="Public page where the buyer retrieves the invoice.")

    def _compute_lookup_url(self):
        for doc in self:
            doc.lookup_url = doc._l10n_vn_einvoice_lookup_url()

    def _l10n_vn_einvoice_lookup_url(self, code=False):
        """The public lookup page; with ``code`` the buyer's data ride in the URL's
        fragment (QR code): a browser never sends a fragment, so the code reaches no
        access log — the page's script reads it and POSTs the form."""
        self.ensure_one()
        url = self.get_base_url().rstrip("/") + "/einvoice/lookup"
        if not code:
            return url
        if self.lookup_code:
            params = {"code": self.lookup_code}
        else:
            params = {"code": self.tax_authority_code or "",
                      "mst": self.company_id._l10n_vn_einvoice_tax_code(),
                      "amount": format_amount_vi(Decimal(str(self.amount_total)),
                                                 self.currency_id.name)}
        return f"{url}#{urlencode(params)}"

    def _l10n_vn_einvoice_render_pdf(self):
        self.ensure_one()
        content, _type = self.env["ir.actions.report"].sudo()._render_qweb_pdf(REPORT, self.ids)
        return content

    def _l10n_vn_einvoice_pdf(self):
        """The PDF attachment, rendered and frozen the first time it is asked for once the
        outcome is final; it then never changes (10-year retention, same file for all)."""
        self.ensure_one()
        if self.pdf_attachment_id:
            return self.pdf_attachment_id
        if self.state not in FINAL_STATES:
            raise UserError(self.env._(
                "E-invoice %(name)s is not accepted yet: its PDF cannot be issued.\n"
                "Hóa đơn %(name)s chưa được chấp nhận, chưa thể phát hành bản PDF.",
                name=self.name))
        # Two users asking at once must not freeze two different files.
        self.env.cr.execute("SELECT id FROM l10n_vn_einvoice_document WHERE id = %s FOR UPDATE",
                            [self.id])
        self.invalidate_recordset(["pdf_attachment_id"])
        if self.pdf_attachment_id:
            return self.pdf_attachment_id
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"{self.form}{self.symbol}_{self.number or self.tax_authority_code}.pdf",
            "raw": self._l10n_vn_einvoice_render_pdf(),
            "mimetype": "application/pdf",
            "res_model": self._name,
            "res_id": self.id,
            "company_id": self.company_id.id,
        })
        self._l10n_vn_einvoice_set_outcome({"pdf_attachment_id": attachment.id})
        return attachment

    def action_download_pdf(self):
        """The frozen PDF once final; before that a preview marked as without legal value."""
        self.ensure_one()
        check_group(self.env, CASHIER, self.env._("Download PDF"))
        if self.state not in FINAL_STATES:
            return self.env.ref(REPORT).with_context(discard_logo_check=True).report_action(self)
        attachment = self._l10n_vn_einvoice_pdf()
        return {"type": "ir.actions.act_url", "target": "download",
                "url": f"/web/content/{attachment.id}?download=true"}

    # ------------------------------------------------------------------ e-mail
    def _l10n_vn_einvoice_queue_email(self):
        """Queue the e-mail with the PDF and the XML (US-08, BR-11); the mail queue sends
        it, so no SMTP server is ever waited on here."""
        template = self.env.ref(MAIL_TEMPLATE)
        for doc in self:
            xml = doc._l10n_vn_einvoice_legal_xml()
            if not xml:  # never the addon's unsigned copy of a coded invoice
                raise UserError(self.env._(
                    "The legal XML of e-invoice %(name)s has not been fetched from the "
                    "provider yet; the e-mail waits for it.\nChưa tải được tệp XML hợp pháp "
                    "của hóa đơn %(name)s từ nhà cung cấp; thư chờ tệp này.", name=doc.name))
            pdf = doc._l10n_vn_einvoice_pdf()
            mail_id = template.sudo().send_mail(doc.id, force_send=False, email_values={
                "attachment_ids": [(4, pdf.id), (4, xml.id)]})
            doc._l10n_vn_einvoice_set_outcome({"email_queued_at": fields.Datetime.now(),
                                               "email_pending": False,
                                               "email_mail_id": mail_id})
            doc.sudo().message_post(body=plaintext2html(self.env._(
                "E-invoice queued for e-mail to %(email)s; it leaves when the mail server "
                "accepts it.\nĐã đưa hóa đơn điện tử vào hàng đợi thư gửi tới %(email)s; thư "
                "được gửi đi khi máy chủ thư chấp nhận.", email=doc.buyer_email)))

    def action_send_email(self):
        check_group(self.env, USER, self.env._("Send by e-mail"))
        for doc in self:
            if doc.state not in FINAL_STATES:
                raise UserError(self.env._(
                    "E-invoice %(name)s is not accepted yet and cannot be sent.\n"
                    "Hóa đơn %(name)s chưa được chấp nhận, chưa thể gửi.", name=doc.name))
            if not doc.buyer_email:
                raise UserError(self.env._(
                    "E-invoice %(name)s has no buyer e-mail address.\n"
                    "Hóa đơn %(name)s không có địa chỉ thư điện tử của người mua.",
                    name=doc.name))
        waiting = self.filtered(lambda d: d._l10n_vn_einvoice_waits_for_legal_xml())
        for doc in waiting:
            # The e-mail leaves with the legal file: marked pending, it is queued by the
            # mail cron once the worker has fetched and kept the provider's XML.
            doc._l10n_vn_einvoice_set_outcome({"email_pending": True})
            doc._l10n_vn_einvoice_queue_fetch()
            doc.sudo().message_post(body=plaintext2html(self.env._(
                "The e-mail to %(email)s waits for the legal XML (with the tax authority's "
                "code and signature), which is being fetched from the provider; it leaves "
                "once the file is kept.\nThư gửi tới %(email)s chờ tệp XML hợp pháp (có mã "
                "và chữ ký của cơ quan thuế) đang được tải từ nhà cung cấp; thư được gửi đi "
                "khi đã lưu tệp.", email=doc.buyer_email)))
        (self - waiting)._l10n_vn_einvoice_queue_email()
        return True

    def _l10n_vn_einvoice_note_mail_outcome(self):
        """Say in the chatter what the mail server did with the e-invoice e-mail."""
        for doc in self:
            mail = doc.email_mail_id
            if mail.state == "sent":
                body = self.env._(
                    "The mail server accepted the e-invoice e-mail to %(email)s.\nMáy chủ "
                    "thư đã nhận thư gửi hóa đơn điện tử tới %(email)s.", email=doc.buyer_email)
            elif mail.state == "exception":
                body = self.env._(
                    "The e-invoice e-mail to %(email)s was not sent: %(reason)s\nKhông gửi "
                    "được thư hóa đơn điện tử tới %(email)s: %(reason)s",
                    email=doc.buyer_email, reason=mail.failure_reason or mail.failure_type)
            else:
                continue
            doc.message_post(body=plaintext2html(body))

    def _l10n_vn_einvoice_set_outcome(self, vals):
        """Acceptance e-mails the buyer once, when an address is known (US-08, BR-11): the
        document is marked here and the mail cron, woken at once, renders and queues it."""
        result = super()._l10n_vn_einvoice_set_outcome(vals)
        if vals.get("state") == "accepted":
            to_mail = self.filtered(lambda d: d.buyer_email and not d.email_queued_at
                                    and not d.email_pending)
            if to_mail:
                to_mail._l10n_vn_einvoice_set_outcome({"email_pending": True})
                wake_cron(self.env, "l10n_vn_einvoice.ir_cron_einvoice_email")
        return result

    @api.model
    def _cron_l10n_vn_einvoice_email(self, batch_size=20, auto_commit=True):
        """Fetch the legal files due, then render and queue the pending e-mails whose
        legal file is at hand.  A failure (no PDF renderer, template
        error) is noted on the document and never retried in a loop.

        With ``auto_commit``, each document is committed through
        ``ir.cron._commit_progress``, which tells Odoo's cron runner how many are left
        (it runs the job again while some are) and when the job's time is up (then the
        rest waits for that next run)."""
        # First the legal files due (models/einvoice_document_legal.py): an e-mail waits
        # for its own.
        self._l10n_vn_einvoice_fetch_due(auto_commit=auto_commit)
        domain = [("email_pending", "=", True),
                  *self._l10n_vn_einvoice_legal_xml_ready_domain()]
        docs = self.sudo().search(domain, limit=batch_size)
        cron = self.env["ir.cron"]
        if auto_commit and not cron._commit_progress(
                remaining=self.sudo().search_count(domain)):
            return docs.browse()
        for index, doc in enumerate(docs):
            try:
                with self.env.cr.savepoint():
                    doc._l10n_vn_einvoice_queue_email()
            except (UserError, OSError) as error:
                _logger.warning("e-invoice %s: e-mail not queued: %s", doc.id, error)
                doc._l10n_vn_einvoice_set_outcome({"email_pending": False})
                doc.sudo().message_post(body=plaintext2html(self.env._(
                    "The e-invoice could not be e-mailed: %(reason)s\n"
                    "Không gửi được hóa đơn qua thư điện tử: %(reason)s", reason=error)))
            if auto_commit and not cron._commit_progress(1):
                return docs[:index + 1]
        if len(docs) == batch_size:
            self.env.ref("l10n_vn_einvoice.ir_cron_einvoice_email")._trigger()
        return docs
