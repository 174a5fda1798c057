"""Tamper evidence: every issued document is a link of a keyed hash chain per company and
symbol.

Each link is an HMAC-SHA256, under a key kept outside the database
(:mod:`.einvoice_chain_key`), of the document's identity (company, form, symbol, number,
kind, date, total), the SHA-256 of its stored XML, the id of the key and the previous
link.  Deleting a row, swapping two rows, editing a row's amounts or replacing its XML
directly in the database breaks the chain at that point, and so does rewriting a row and
recomputing every later link, since that needs the key; :meth:`_l10n_vn_einvoice_check_chain`
names the first broken link of each chain (the discipline of the Saudi ZATCA modules'
previous-invoice hash, keyed).  The symbol carries the year digits, so each chain is
also per year.
"""

import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

# The model this file extends must be defined first; models/__init__.py is sorted.
from . import einvoice_chain_key as chain_key
from .einvoice_access import MANAGER, check_group
from .einvoice_document import as_server

GENESIS = "0" * 64


def link_text(previous_hash, index, key_id, company_id, form, symbol, number, kind,
              issue_date, amount_total, xml_hash):
    """The text one link authenticates; ``amount_total`` is rendered with 2 decimals so
    that the float a ``Monetary`` field returns always gives the same text."""
    return "|".join(str(part) for part in (
        previous_hash, index, key_id, company_id, form, symbol, number or "", kind,
        issue_date, f"{amount_total or 0.0:.2f}", xml_hash))


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    chain_index = fields.Integer(
        copy=False, readonly=True, index="btree_not_null",
        help="Position of this document in the hash chain of its company and symbol.")
    chain_previous_hash = fields.Char(copy=False, readonly=True)
    chain_hash = fields.Char(copy=False, readonly=True,
                             help="Keyed hash (HMAC) of this link: identity, XML hash and "
                                  "previous link.")
    chain_key_id = fields.Char(copy=False, readonly=True,
                               help="Id of the server key the link was made with (the key "
                                    "itself is a file of the server, not in the database).")

    _chain_index_unique = models.Constraint(
        "UNIQUE(company_id, symbol, chain_index)",
        "Two e-invoices cannot hold the same place in the tamper-evidence chain.")

    def _l10n_vn_einvoice_store_xml(self, xml_bytes, signed, invoice=None):
        """Chain the document as soon as its final XML is stored.

        A transaction-level advisory lock per (company, symbol) serialises concurrent
        postings on one symbol, so each one reads the committed previous link.
        """
        attachment = super()._l10n_vn_einvoice_store_xml(xml_bytes, signed, invoice)
        self.env.flush_all()
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                            (self.company_id.id, f"l10n_vn_einvoice.chain:{self.symbol}"))
        self.env.cr.execute("""
            SELECT chain_index, chain_hash FROM l10n_vn_einvoice_document
             WHERE company_id = %s AND symbol = %s AND chain_index IS NOT NULL
          ORDER BY chain_index DESC LIMIT 1""", (self.company_id.id, self.symbol))
        previous = self.env.cr.fetchone()
        index, previous_hash = (previous[0] + 1, previous[1]) if previous else (1, GENESIS)
        key_id, secret = self._l10n_vn_einvoice_chain_current_key()
        as_server(self).write({
            "chain_index": index,
            "chain_previous_hash": previous_hash,
            "chain_key_id": key_id,
            "chain_hash": chain_key.link_mac(secret, link_text(
                previous_hash, index, key_id, self.company_id.id, self.form, self.symbol,
                self.number, self.kind, self.issue_date, self.amount_total, self.xml_hash)),
        })
        return attachment

    @api.model
    def _l10n_vn_einvoice_chain_key_directory(self):
        params = self.env["ir.config_parameter"].sudo()
        return chain_key.key_directory(params.get_param("database.uuid"),
                                       bool(params.get_param("database.is_neutralized")))

    @api.model
    def _l10n_vn_einvoice_chain_current_key(self):
        try:
            return chain_key.current_key(self._l10n_vn_einvoice_chain_key_directory())
        except (chain_key.ChainKeyError, OSError) as error:
            raise UserError(self.env._(
                "The tamper-evidence key of the e-invoices cannot be used: %(reason)s. Ask "
                "the server administrator to fix the key directory (server option "
                "%(option)s).\nKhông dùng được khóa chống sửa đổi của hóa đơn điện tử: "
                "%(reason_vi)s. Hãy nhờ quản trị máy chủ kiểm tra thư mục khóa.",
                reason=getattr(error, "message", str(error)),
                reason_vi=getattr(error, "message_vi", str(error)),
                option=chain_key.KEY_DIR_OPTION)) from None

    @api.model
    def _l10n_vn_einvoice_rotate_chain_key(self):
        """Start a new key for the links made from now on (older keys stay to verify the
        links they made); returns the new key id.  Server side only: see scripts/
        check_chain.py --rotate-key."""
        return chain_key.rotate(self._l10n_vn_einvoice_chain_key_directory())

    @api.model
    def _l10n_vn_einvoice_check_chain(self, companies=None):
        """Walk every chain (of ``companies``, default all) from its first link.

        Returns ``(checked, breaks)``: the number of links verified and, per broken
        chain, a dict naming its first broken link (document id and name, chain index,
        reason).  Reads the database directly, not the ORM cache, so it sees what is
        stored.
        """
        self.env.flush_all()
        where = "AND d.company_id = ANY(%(companies)s)" if companies else ""
        self.env.cr.execute(f"""
            SELECT d.id, d.company_id, d.symbol, d.form, d.number, d.kind, d.issue_date,
                   d.amount_total, d.xml_hash, d.chain_index, d.chain_previous_hash,
                   d.chain_hash, d.chain_key_id, d.xml_attachment_id
              FROM l10n_vn_einvoice_document d
             WHERE d.chain_index IS NOT NULL {where}
          ORDER BY d.company_id, d.symbol, d.chain_index""",
                            {"companies": companies.ids if companies else []})
        rows = self.env.cr.dictfetchall()
        breaks, checked, broken_chains, expected = [], 0, set(), {}
        Attachment = self.env["ir.attachment"].sudo()
        directory = self._l10n_vn_einvoice_chain_key_directory()
        for row in rows:
            chain = (row["company_id"], row["symbol"])
            if chain in broken_chains:
                continue
            index, previous_hash = expected.get(chain, (1, GENESIS))
            reason = self._l10n_vn_einvoice_link_problem(row, index, previous_hash, Attachment,
                                                         directory)
            if reason:
                broken_chains.add(chain)
                breaks.append({"company_id": row["company_id"], "symbol": row["symbol"],
                               "document_id": row["id"], "chain_index": row["chain_index"],
                               "name": self.browse(row["id"]).sudo().name, "reason": reason})
                continue
            checked += 1
            expected[chain] = (index + 1, row["chain_hash"])
        return checked, breaks

    def _l10n_vn_einvoice_link_problem(self, row, index, previous_hash, attachments,
                                       directory):
        if row["chain_index"] != index:
            return self.env._("link %(expected)s is missing or out of order (found %(found)s)",
                              expected=index, found=row["chain_index"])
        if row["chain_previous_hash"] != previous_hash:
            return self.env._("does not follow the previous link (row deleted or reordered)")
        try:
            secret = chain_key.key(directory, row["chain_key_id"])
        except (chain_key.ChainKeyError, OSError) as error:
            return getattr(error, "message", str(error))
        if secret is None:
            return self.env._(
                "made with key %(key)s, which this server does not hold in %(directory)s "
                "(link forged, or key file lost)", key=row["chain_key_id"] or "-",
                directory=str(directory))
        recomputed = chain_key.link_mac(secret, link_text(
            previous_hash, index, row["chain_key_id"], row["company_id"], row["form"],
            row["symbol"], row["number"], row["kind"], row["issue_date"],
            row["amount_total"], row["xml_hash"]))
        if recomputed != row["chain_hash"]:
            return self.env._("the stored document differs from the chained one (row edited)")
        xml = attachments.browse(row["xml_attachment_id"]).exists().raw or b""
        if hashlib.sha256(xml).hexdigest() != row["xml_hash"]:
            return self.env._("the stored XML differs from the chained one (XML edited or removed)")
        return None

    @api.model
    def action_l10n_vn_einvoice_check_chain(self):
        """Server action: check the chains of the user's companies and say the result.
        For e-invoice managers only: the answer names documents and counts them."""
        check_group(self.env, MANAGER, self.env._("Check tamper-evidence chain"))
        checked, breaks = self._l10n_vn_einvoice_check_chain(self.env.companies)
        if breaks:
            first = breaks[0]
            message = self.env._(
                "Tamper check FAILED: %(count)s chain(s) broken; first: %(name)s (symbol "
                "%(symbol)s, link %(index)s): %(reason)s\nKiểm tra toàn vẹn THẤT BẠI: chuỗi "
                "bị phá vỡ tại hóa đơn %(name)s.", count=len(breaks), name=first["name"],
                symbol=first["symbol"], index=first["chain_index"], reason=first["reason"])
        else:
            message = self.env._(
                "Tamper check passed: %(n)s e-invoices verified.\nKiểm tra toàn vẹn "
                "đạt: %(n)s hóa đơn hợp lệ.", n=checked)
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"title": self.env._(
                    "E-invoice chain / Chuỗi hóa đơn"), "message": message,
                           "type": "danger" if breaks else "success", "sticky": bool(breaks)}}
