import hashlib
import time
import uuid

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .einvoice_access import CASHIER, USER, check_group
from .server_owned import as_server, is_server

STATES = [
    ("draft", "Draft"),
    ("ready", "Ready to send"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("error", "Error"),
    ("adjusted", "Adjusted"),
    ("replaced", "Replaced"),
    ("notified", "Error notice sent"),
    ("voided", "Voided"),
]
KINDS = [
    ("coded", "Coded (C)"),
    ("uncoded", "Uncoded (K)"),
    ("cash_register", "Cash register (M)"),
]
# Once the XML is final (signed or queued), the legal content of a document is frozen:
# even the addon's own code only records the transmission outcome and what points to it.
FROZEN_STATES = ("ready", "sent", "accepted", "rejected", "error", "adjusted", "replaced",
                 "notified", "voided")
LEGAL_CONTENT = {
    "company_id", "move_id", "pos_order_id", "kind", "form", "symbol", "number",
    "issue_date", "submission_key", "provider", "currency_id", "amount_untaxed",
    "amount_tax", "amount_total", "buyer_name", "buyer_tax_code", "buyer_personal_id",
    "buyer_address", "buyer_email", "buyer_phone", "xml_attachment_id", "xml_hash", "signed",
    "correction_type", "corrected_document_id", "chain_index", "chain_previous_hash",
    "chain_hash",
}
# What a user may write directly: the chatter's own bookkeeping, nothing of the invoice.
USER_WRITABLE = {
    "message_follower_ids", "message_ids", "activity_ids", "message_main_attachment_id",
    "website_message_ids", "activity_user_id", "activity_type_id", "activity_date_deadline",
    "activity_summary", "activity_state", "has_message",
}
# Writes and creates of the addon's own server code carry the server's marker
# (models/server_owned.py): here it is required even in superuser mode, since the
# document's content is the law's and not Odoo's.


# The last time this process woke the cron workers, per database (monotonic seconds).
_LAST_WAKE: dict[str, float] = {}
WAKE_INTERVAL = 1.0


class L10nVnEinvoiceDocument(models.Model):
    """One Vietnamese e-invoice: the legal document, its XML and its journey to the tax
    authority.  The posting transaction creates it with its number and final XML; the
    outbox worker transmits it later, so no user waits on a provider."""

    _name = "l10n_vn_einvoice.document"
    _description = "Vietnamese e-invoice"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "issue_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "tax_authority_code", "buyer_name", "buyer_tax_code"]

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True,
                                 default=lambda self: self.env.company)
    move_id = fields.Many2one("account.move", string="Invoice", index="btree_not_null",
                              check_company=True, ondelete="restrict", readonly=True)
    kind = fields.Selection(KINDS, required=True, default="coded", readonly=True)
    state = fields.Selection(STATES, required=True, default="draft", tracking=True, index=True,
                             readonly=True)
    form = fields.Char(string="Form digit", size=1, required=True, readonly=True)
    symbol = fields.Char(size=6, required=True, readonly=True)
    number = fields.Integer(readonly=True,
                            help="Invoice number (SHDon), gap-free per form, symbol and year.")
    issue_date = fields.Date(required=True, readonly=True)
    submission_key = fields.Char(
        required=True, copy=False, index=True, readonly=True,
        default=lambda self: uuid.uuid4().hex,
        help="Key chosen before the first call (VNPT fkey, Viettel transactionUuid), so a "
             "retry finds the invoice instead of issuing it twice.")
    provider = fields.Char(readonly=True, help="Provider the document was queued for.")
    tax_authority_code = fields.Char(
        string="Tax authority code", index="btree_not_null", copy=False, readonly=True,
        help="MCCQT of a coded invoice (34 characters) or the cash-register code.")
    lookup_code = fields.Char(copy=False, index="btree_not_null", readonly=True,
                              help="Code the buyer uses on the public lookup page.")
    provider_message = fields.Text(copy=False, readonly=True)
    sent_at = fields.Datetime(copy=False, readonly=True)
    accepted_at = fields.Datetime(copy=False, readonly=True)

    buyer_name = fields.Char(readonly=True)
    buyer_tax_code = fields.Char(string="Buyer MST", readonly=True)
    buyer_personal_id = fields.Char(string="Buyer personal ID", readonly=True)
    buyer_address = fields.Char(readonly=True)
    buyer_email = fields.Char(readonly=True)
    buyer_phone = fields.Char(readonly=True)

    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    amount_untaxed = fields.Monetary(string="Amount before VAT", readonly=True)
    amount_tax = fields.Monetary(string="VAT", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    vat_reduction = fields.Monetary(
        string="VAT reduction", readonly=True,
        help="Direct method: the 20 % reduction of the VAT percentage the invoice deducts "
             "from what the buyer pays (TGTKhac), while a reduction resolution applies.")

    # The files of the document; ``ir.attachment`` refuses to change or delete them
    # (models/ir_attachment.py), so the indexes serve its check on every attachment write.
    xml_attachment_id = fields.Many2one("ir.attachment", string="XML", copy=False,
                                        readonly=True, index="btree_not_null")
    pdf_attachment_id = fields.Many2one("ir.attachment", string="PDF", copy=False,
                                        readonly=True, index="btree_not_null")
    provider_xml_attachment_id = fields.Many2one(
        "ir.attachment", string="XML from the tax authority", copy=False, readonly=True,
        index="btree_not_null")
    xml_hash = fields.Char(copy=False, readonly=True,
                           help="SHA-256 of the XML as stored; changes are detectable.")
    signed = fields.Boolean(readonly=True, copy=False)

    correction_type = fields.Selection(
        [("adjustment", "Adjustment"), ("replacement", "Replacement")], readonly=True)
    corrected_document_id = fields.Many2one(
        "l10n_vn_einvoice.document", string="Corrects", readonly=True, check_company=True,
        index="btree_not_null")
    corrected_by_ids = fields.One2many("l10n_vn_einvoice.document", "corrected_document_id",
                                       string="Corrected by")
    exchange_ids = fields.One2many("l10n_vn_einvoice.exchange", "document_id",
                                   string="Exchanges")
    outbox_ids = fields.One2many("l10n_vn_einvoice.outbox", "document_id")

    _submission_key_unique = models.Constraint(
        "UNIQUE(submission_key)", "The submission key of an e-invoice must be unique.")
    # Cash-register documents carry no number (Odoo stores an empty Integer as 0): they
    # are unique by their code instead.
    _number_unique = models.UniqueIndex(
        "(company_id, form, symbol, number) WHERE number > 0",
        "This invoice number is already used for this form and symbol.")
    _tax_authority_code_unique = models.Constraint(
        "UNIQUE(company_id, tax_authority_code)",
        "This tax-authority or cash-register code is already used.")

    @api.depends("form", "symbol", "number", "tax_authority_code", "kind")
    def _compute_name(self):
        for doc in self:
            if doc.kind == "cash_register" and doc.tax_authority_code:
                doc.name = doc.tax_authority_code
            else:
                doc.name = f"{doc.form or ''}{doc.symbol or ''}-{doc.number or '?'}"

    # ------------------------------------------------------------------ who writes
    def _l10n_vn_einvoice_buyer_partner(self):
        """The partner of the sale (its language is the e-mail's): the invoice's customer
        here; the POS bridge adds the order's."""
        self.ensure_one()
        return self.move_id.partner_id

    def _l10n_vn_einvoice_is_server(self):
        return is_server(self.env)

    @api.model_create_multi
    def create(self, vals_list):
        """Documents are born in posting, POS sync and the correction flows only
        (:meth:`_l10n_vn_einvoice_create`); a create from anywhere else (JSON-RPC,
        ``copy``, a one2many command of the move) is refused."""
        if not self._l10n_vn_einvoice_is_server():
            raise AccessError(self.env._(
                "E-invoices are issued by posting an invoice or validating a POS order; they "
                "cannot be created directly.\nHóa đơn điện tử được lập khi ghi sổ hóa đơn hoặc "
                "xác nhận đơn POS; không thể tạo trực tiếp."))
        # Documents are created in the hot path of posting and POS sync: no "created" note
        # and no follower row per document; the exchange log tells their story.
        return super(L10nVnEinvoiceDocument, self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True)).create(vals_list)

    @api.model
    def _l10n_vn_einvoice_create(self, vals_list):
        """The one door through which the addon's server code creates documents (returned
        as superuser, without the trusted context)."""
        return as_server(self).create(vals_list).with_env(self.sudo().env)

    def write(self, vals):
        """Users write the chatter only; the addon's server code records outcomes
        (:meth:`_l10n_vn_einvoice_set_outcome`) but never changes the legal content of a
        frozen document nor sends it back to draft."""
        if not self._l10n_vn_einvoice_is_server():
            forbidden = set(vals) - USER_WRITABLE
            if forbidden:
                raise AccessError(self.env._(
                    "E-invoice %(name)s changes only through the e-invoicing workflow "
                    "(transmission, corrections, notices); %(fields)s cannot be written."
                    "\nHóa đơn điện tử %(name)s chỉ thay đổi qua quy trình hóa đơn điện tử "
                    "(truyền, điều chỉnh, thay thế, thông báo); không thể ghi trực tiếp "
                    "%(fields)s.", name=self[:1].sudo().name or "-",
                    fields=", ".join(sorted(forbidden))))
            return super().write(vals)
        frozen = self.filtered(lambda d: d.state in FROZEN_STATES)
        forbidden = set(vals) & LEGAL_CONTENT
        if vals.get("state") == "draft":
            forbidden.add("state")
        if frozen and forbidden:
            raise UserError(self.env._(
                "E-invoice %(name)s is issued: its content cannot be changed "
                "(%(fields)s). Adjust or replace it instead.\nHóa đơn %(name)s đã phát "
                "hành, không thể sửa nội dung; hãy điều chỉnh hoặc thay thế.",
                name=frozen[0].name, fields=", ".join(sorted(forbidden))))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        for doc in self:
            if doc.state != "draft":
                raise UserError(self.env._(
                    "E-invoice %(name)s is issued and must be kept for 10 years; it cannot be "
                    "deleted.\nHóa đơn %(name)s đã phát hành phải lưu trữ 10 năm, không thể "
                    "xóa.", name=doc.name))

    # ------------------------------------------------------------------ XML storage
    def _l10n_vn_einvoice_store_xml(self, xml_bytes, signed, invoice=None):
        """Attach the final XML and freeze it by hash; called once, at issue.

        ``invoice`` is the ``standard.model.Invoice`` the XML was built from, when the
        caller has it: the extensions read it instead of parsing the XML again.
        """
        self.ensure_one()
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"{self.form}{self.symbol}_{self.number or self.tax_authority_code}.xml",
            "raw": xml_bytes,
            "mimetype": "application/xml",
            "res_model": self._name,
            "res_id": self.id,
            "company_id": self.company_id.id,
        })
        as_server(self).write({
            "xml_attachment_id": attachment.id,
            "xml_hash": hashlib.sha256(xml_bytes).hexdigest(),
            "signed": signed,
        })
        return attachment

    def _l10n_vn_einvoice_xml(self):
        self.ensure_one()
        # This one file, and what ``raw`` is read from, not the whole attachment row: by
        # default ``raw`` is computed for the whole prefetch set, and the outbox worker,
        # which commits (emptying the cache) after each document, read the rows and the
        # files of all the XMLs of its batch for each document.
        attachment = self.xml_attachment_id.sudo().with_prefetch()
        attachment.fetch(["store_fname", "db_datas"])
        return attachment.raw or b""

    def _l10n_vn_einvoice_set_outcome(self, vals):
        """Record what happened to the documents (server code: the caller has checked
        the transition)."""
        return as_server(self).write(vals)

    # ------------------------------------------------------------------ buttons
    def action_send_now(self):
        """Queue (if needed) and process this document's transmission right away."""
        check_group(self.env, USER, self.env._("Send now"))
        for doc in self:
            doc._l10n_vn_einvoice_enqueue("issue")
        self.env["l10n_vn_einvoice.outbox"]._process_documents(self)
        return True

    def action_retry(self):
        check_group(self.env, USER, self.env._("Retry"))
        failed = self.filtered(lambda d: d.state in ("error", "ready", "sent"))
        for doc in failed:
            doc._l10n_vn_einvoice_enqueue("issue", reset=True)
        self.env["l10n_vn_einvoice.outbox"]._process_documents(failed)
        return True

    def action_check_status(self):
        check_group(self.env, USER, self.env._("Check status"))
        for doc in self:
            doc._l10n_vn_einvoice_enqueue("lookup", reset=True)
        self.env["l10n_vn_einvoice.outbox"]._process_documents(self)
        return True

    def action_download_xml(self):
        self.ensure_one()
        check_group(self.env, CASHIER, self.env._("Download XML"))
        attachment = self.provider_xml_attachment_id or self.xml_attachment_id
        if not attachment:
            raise UserError(self.env._("This e-invoice has no XML yet.\nHóa đơn chưa có tệp XML."))
        return {"type": "ir.actions.act_url", "target": "download",
                "url": f"/web/content/{attachment.id}?download=true"}

    def _l10n_vn_einvoice_enqueue(self, operation, reset=False):
        """Create (or re-arm) the outbox row of ``operation``; the commit is the promise."""
        self.ensure_one()
        Outbox = self.env["l10n_vn_einvoice.outbox"].sudo()
        row = Outbox.search([("document_id", "=", self.id), ("operation", "=", operation),
                             ("state", "in", ("pending", "failed"))], limit=1)
        if row and reset:
            row.write({"state": "pending", "next_attempt_at": fields.Datetime.now()})
        elif not row:
            row = Outbox.create({"document_id": self.id, "operation": operation,
                                 "company_id": self.company_id.id})
        if self.state == "draft":
            # Issuing, in the transaction that created the document: it is born ready,
            # and a "Draft → Ready" tracking message per invoice or POS order would only
            # cost a mail.message at every commit.
            self.with_context(mail_notrack=True)._l10n_vn_einvoice_set_outcome(
                {"state": "ready"})
        self._l10n_vn_einvoice_wake_worker()
        return row

    def _l10n_vn_einvoice_wake_worker(self):
        """One cron trigger per transaction, however many documents it queues (a POS sync
        of a hundred orders must not write a hundred triggers)."""
        precommit = self.env.cr.precommit
        if not precommit.data.get("l10n_vn_einvoice.wake_worker"):
            precommit.data["l10n_vn_einvoice.wake_worker"] = True
            precommit.add(self._l10n_vn_einvoice_trigger_worker)

    @api.model
    def _l10n_vn_einvoice_trigger_worker(self):
        """Make the outbox job due now (an ``ir.cron.trigger`` row, in this transaction:
        the job runs once it commits, whatever happens next) and wake the cron workers.

        ``ir.cron._trigger`` wakes them on every call, after the commit, through a NEW
        connection to the ``postgres`` database (``_notifydb``: a PostgreSQL backend
        started and stopped, ≈5-25 ms, the largest cost a POS sync paid for its
        e-invoice).  The row alone already makes the job due: the next wake-up (the next
        sync a second later) or the workers' own check of every database, once a minute,
        runs it.  So a process wakes the workers at most once a second per database; a
        burst of syncs shares one wake-up (its last documents may wait up to a minute),
        a lone sync still gets its own.
        """
        cron = self.env.ref("l10n_vn_einvoice.ir_cron_outbox").sudo()
        if not cron.active:
            return
        self.env["ir.cron.trigger"].sudo().create(
            {"cron_id": cron.id, "call_at": fields.Datetime.now()})
        dbname, now = self.env.cr.dbname, time.monotonic()
        if now - _LAST_WAKE.get(dbname, -WAKE_INTERVAL) >= WAKE_INTERVAL:
            _LAST_WAKE[dbname] = now
            self.env.cr.postcommit.add(cron._notifydb)
