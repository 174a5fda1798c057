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

import functools
import hashlib
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

# The model this file extends must be defined first; models/__init__.py is sorted.
from . import einvoice_chain_key as chain_key
from .einvoice_access import MANAGER, check_group
from .einvoice_document import as_server

GENESIS = "0" * 64
HEADS_PENDING = "l10n_vn_einvoice.chain_heads"
DATABASE_IDENTITY_CACHE = "l10n_vn_einvoice.database_identity"
_logger = logging.getLogger(__name__)


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
        link = chain_key.link_mac(secret, link_text(
            previous_hash, index, key_id, self.company_id.id, self.form, self.symbol,
            self.number, self.kind, self.issue_date, self.amount_total, self.xml_hash))
        as_server(self).write({
            "chain_index": index,
            "chain_previous_hash": previous_hash,
            "chain_key_id": key_id,
            "chain_hash": link,
        })
        # The head beside the key moves only once the link is committed, and only to a
        # link the committed database holds (a savepoint rolled back may have undone it).
        postcommit = self.env.cr.postcommit
        if HEADS_PENDING not in postcommit.data:
            postcommit.data[HEADS_PENDING] = {}
            postcommit.add(functools.partial(
                _record_heads, self.env.registry, self._l10n_vn_einvoice_chain_key_directory(),
                postcommit.data[HEADS_PENDING]))
        pending = postcommit.data[HEADS_PENDING]
        chain = (self.company_id.id, self.symbol)
        if index >= pending.get(chain, (0, ""))[0]:
            pending[chain] = (index, link)
        return attachment

    @api.model
    def _l10n_vn_einvoice_chain_key_directory(self):
        """The key directory of this database; refused (ChainKeyError) to a copy of the
        database it belongs to (same ``database.uuid``, other PostgreSQL database)."""
        params = self.env["ir.config_parameter"].sudo()
        neutralized = bool(params.get_param("database.is_neutralized"))
        directory = chain_key.key_directory(params.get_param("database.uuid"), neutralized)
        if neutralized:
            return directory  # never the production key: nothing to protect
        identity = self._l10n_vn_einvoice_database_identity()
        owner = chain_key.bind_database(directory, identity)
        if owner:
            raise chain_key.ChainKeyError(
                f"this database ({identity}) is a copy of the database the keys in "
                f"{directory} belong to ({owner}): it does not sign with that database's "
                f"key. Neutralise the copy; if this database now is the production one "
                f"(restored from a backup), run 'scripts/check_chain.py -d "
                f"{self.env.cr.dbname} --adopt-keys' on the server",
                f"cơ sở dữ liệu này ({identity}) là bản sao của cơ sở dữ liệu sở hữu khóa "
                f"trong {directory} ({owner}): không ký bằng khóa đó. Hãy vô hiệu hóa "
                f"(neutralize) bản sao, hoặc chạy 'scripts/check_chain.py --adopt-keys' "
                f"nếu đây là cơ sở dữ liệu chính được khôi phục")
        return directory

    @api.model
    def _l10n_vn_einvoice_database_identity(self):
        """What PostgreSQL, not a row, says this database is: its oid and name (a copy
        made by ``createdb -T`` or restored by ``pg_restore`` has another oid).

        Asked once per connection: it cannot change under an open connection, and a POS
        sync asked it four times per order (chaining, the key, the two seals)."""
        identity = self.env.cr.cache.get(DATABASE_IDENTITY_CACHE)
        if identity is None:
            self.env.cr.execute(
                "SELECT oid, datname FROM pg_database WHERE datname = current_database()")
            oid, name = self.env.cr.fetchone()
            identity = self.env.cr.cache[DATABASE_IDENTITY_CACHE] = f"{oid}:{name}"
        return identity

    @api.model
    def _l10n_vn_einvoice_adopt_chain_keys(self):
        """Make this database the owner of its key directory (server side only: see
        scripts/check_chain.py --adopt-keys)."""
        params = self.env["ir.config_parameter"].sudo()
        directory = chain_key.key_directory(params.get_param("database.uuid"),
                                            bool(params.get_param("database.is_neutralized")))
        chain_key.adopt_database(directory, self._l10n_vn_einvoice_database_identity())
        return directory

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
        """Walk every chain (of ``companies``, default all) from its first link, then
        compare it with the heads the server recorded beside the key.

        Returns ``(checked, breaks)``: the number of links verified and, per broken
        chain, a dict naming its first broken link (document id and name, chain index,
        reason).  Reads the database directly, not the ORM cache, so it sees what is
        stored.
        """
        self.env.flush_all()
        try:
            directory = self._l10n_vn_einvoice_chain_key_directory()
        except (chain_key.ChainKeyError, OSError) as error:
            return 0, [{"company_id": False, "symbol": False, "document_id": False,
                        "chain_index": False, "name": self.env.cr.dbname,
                        "reason": getattr(error, "message", str(error))}]
        where = "AND d.company_id = ANY(%(companies)s)" if companies else ""
        params = {"companies": companies.ids if companies else []}
        self.env.cr.execute(f"""
            SELECT d.id, d.company_id, d.symbol, d.form, d.number, d.kind, d.issue_date,
                   d.amount_total, d.xml_hash, d.chain_index, d.chain_previous_hash,
                   d.chain_hash, d.chain_key_id, d.xml_attachment_id, d.state,
                   d.tax_authority_code, d.chain_seal
              FROM l10n_vn_einvoice_document d
             WHERE d.chain_index IS NOT NULL {where}
          ORDER BY d.company_id, d.symbol, d.chain_index""", params)
        rows = self.env.cr.dictfetchall()
        breaks, checked, broken_chains, expected, verified = [], 0, set(), {}, {}
        Attachment = self.env["ir.attachment"].sudo()
        for row in rows:
            chain = (row["company_id"], row["symbol"])
            if chain in broken_chains:
                continue
            index, previous_hash = expected.get(chain, (1, GENESIS))
            reason = self._l10n_vn_einvoice_link_problem(row, index, previous_hash, Attachment,
                                                         directory)
            if reason:
                broken_chains.add(chain)
                breaks.append(self._l10n_vn_einvoice_chain_break(row, reason))
                continue
            checked += 1
            expected[chain] = (index + 1, row["chain_hash"])
            verified[chain, index] = (row["chain_hash"], row["id"])
        # An issued document with no place in the chain was taken out of it.
        self.env.cr.execute(f"""
            SELECT d.id, d.company_id, d.symbol, d.chain_index FROM l10n_vn_einvoice_document d
             WHERE d.chain_index IS NULL
               AND (d.chain_hash IS NOT NULL OR d.xml_hash IS NOT NULL) {where}
          ORDER BY d.company_id, d.symbol, d.id""", params)
        for row in self.env.cr.dictfetchall():
            if (row["company_id"], row["symbol"]) not in broken_chains:
                broken_chains.add((row["company_id"], row["symbol"]))
                breaks.append(self._l10n_vn_einvoice_chain_break(row, self.env._(
                    "issued but taken out of the chain (chain_index removed)")))
        for company_id, symbol, index, reason, document_id in self._l10n_vn_einvoice_head_problems(
                directory, companies, expected, verified, broken_chains):
            breaks.append({"company_id": company_id, "symbol": symbol,
                           "document_id": document_id, "chain_index": index,
                           "name": self.browse(document_id).sudo().name if document_id
                           else f"{symbol} #{index}", "reason": reason})
        return checked, breaks

    def _l10n_vn_einvoice_chain_break(self, row, reason):
        return {"company_id": row["company_id"], "symbol": row["symbol"],
                "document_id": row["id"], "chain_index": row["chain_index"],
                "name": self.browse(row["id"]).sudo().name, "reason": reason}

    @api.model
    def _l10n_vn_einvoice_head_problems(self, directory, companies, expected, verified,
                                        broken_chains):
        """Compare each chain with the head the server recorded after its last commit:
        yields ``(company id, symbol, index, reason, document id or False)``.  Links
        made after the head are fine when they verify (the walk checked them); a head
        the database does not reach means links were cut."""
        for path, head in chain_key.heads(directory):
            company_id, symbol = head.get("company_id") if head else None, \
                head.get("symbol") if head else None
            if not (isinstance(company_id, int) and isinstance(symbol, str)
                    and isinstance(head.get("index"), int) and head.get("hash")):
                yield (False, False, False, self.env._(
                    "the chain head %(path)s cannot be read: restore it from the server's "
                    "backup", path=str(path)), False)
                continue
            chain = (company_id, symbol)
            if (companies and company_id not in companies.ids) or chain in broken_chains:
                continue
            index = head["index"]
            reached = expected.get(chain, (1, GENESIS))[0] - 1
            if reached < index and not self._l10n_vn_einvoice_head_committed_since(
                    company_id, symbol, reached, head):
                if reached == 0:
                    reason = self.env._(
                        "every link of symbol %(symbol)s is missing, while the server "
                        "recorded link %(index)s after its commit (chain removed)",
                        symbol=symbol, index=index)
                else:
                    reason = self.env._(
                        "links %(first)s to %(index)s are missing, while the server recorded "
                        "link %(index)s after its commit (tail cut or link taken out)",
                        first=reached + 1, index=index)
                yield company_id, symbol, reached + 1, reason, False
            elif reached >= index and verified[chain, index][0] != head["hash"]:
                yield (company_id, symbol, index, self.env._(
                    "link %(index)s is not the one the server recorded after its commit "
                    "(chain cut and chained again)", index=index),
                    verified[chain, index][1])

    @api.model
    def _l10n_vn_einvoice_head_committed_since(self, company_id, symbol, reached, head):
        """Whether the links after ``reached`` up to the head were committed after this
        check's snapshot (a posting that committed while the check ran): a fresh cursor
        sees them, with the recorded hash at the head."""
        with self.env.registry.cursor() as cr:
            cr.execute("""
                SELECT count(*), max(chain_hash) FILTER (WHERE chain_index = %s)
                  FROM l10n_vn_einvoice_document
                 WHERE company_id = %s AND symbol = %s AND chain_index > %s
                   AND chain_index <= %s""",
                       (head["index"], company_id, symbol, reached, head["index"]))
            count, last_hash = cr.fetchone()
        return count == head["index"] - reached and last_hash == head["hash"]

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


def _record_heads(registry, directory, pending):
    """Post-commit: record the new head of each chain the transaction extended, beside
    its key, once a fresh cursor sees the link committed.  A failure is logged, never
    raised: the transaction is committed already."""
    try:
        with registry.cursor() as cr:
            for (company_id, symbol), (index, link) in pending.items():
                cr.execute("""
                    SELECT 1 FROM l10n_vn_einvoice_document
                     WHERE company_id = %s AND symbol = %s AND chain_index = %s
                       AND chain_hash = %s""", (company_id, symbol, index, link))
                if cr.fetchone():
                    chain_key.write_head(directory, company_id, symbol, index, link)
    except (psycopg2.Error, chain_key.ChainKeyError, OSError, ValueError) as error:
        _logger.error("e-invoice chain heads %s not recorded in %s: %s", pending, directory,
                      error)
