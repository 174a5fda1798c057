"""Tamper evidence of what changes after issue: the status seal.

A chain link (:mod:`.einvoice_chain`) freezes what an e-invoice says when it is issued.
What happens to it later — its ``state`` (accepted, voided, replaced…), the code the tax
authority gave it — and its VAT-rate lines (which feed the tax declarations) are not in
the link: a database writer could void a document or edit its lines with the link still
verifying.  The seal is an HMAC, under the key of the document's link, of the link, the
status fields and a digest of the VAT-rate lines as stored; the server's own code
(``as_server`` writes, the creation of the lines) reseals on every change, and the chain
check names a document whose seal no longer matches.

Not covered: a writer who kept an *older* row (state, code, lines and seal, e.g. from a
backup) can put it back — the seal proves the server once wrote that combination, not
that it is the latest one.
"""

import hashlib
from decimal import Decimal

from odoo import fields, models

from . import einvoice_chain_key as chain_key
from .einvoice_document import as_server

SEALED_FIELDS = ("state", "tax_authority_code")


def seal_text(chain_hash, state, tax_authority_code, lines_digest):
    return "|".join((chain_hash or "", state or "", tax_authority_code or "", lines_digest))


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    chain_seal = fields.Char(
        copy=False, readonly=True,
        help="Keyed hash (HMAC) of the chain link, the status, the tax-authority code and "
             "the VAT-rate lines, renewed by the server at each change.")

    def write(self, vals):
        # EXTEND 'l10n_vn_einvoice': a status written by the server is resealed (users
        # cannot write these fields: einvoice_document.write refuses them).
        result = super().write(vals)
        if self._l10n_vn_einvoice_is_server() and set(vals) & set(SEALED_FIELDS):
            self._l10n_vn_einvoice_seal()
        return result

    def _l10n_vn_einvoice_create_lines(self, invoice):
        # EXTEND 'l10n_vn_einvoice': the lines feed the declarations: seal them.
        lines = super()._l10n_vn_einvoice_create_lines(invoice)
        self._l10n_vn_einvoice_seal()
        return lines

    def _l10n_vn_einvoice_seal(self):
        chained = self.filtered("chain_hash")
        if not chained:
            return
        self.env.flush_all()
        digests = self._l10n_vn_einvoice_lines_digests(chained.ids)
        directory = self._l10n_vn_einvoice_chain_key_directory()
        for doc in chained:
            secret = chain_key.key(directory, doc.chain_key_id)
            if secret is None:  # the link's own check names a key the server lacks
                continue
            seal = chain_key.link_mac(secret, seal_text(
                doc.chain_hash, doc.state, doc.tax_authority_code, digests.get(doc.id, "")))
            if doc.chain_seal != seal:
                as_server(doc).write({"chain_seal": seal})

    def _l10n_vn_einvoice_lines_digests(self, document_ids):
        """{document id: SHA-256 of its VAT-rate lines as stored}, read in SQL so that
        the seal and the check see the same values."""
        self.env.cr.execute("""
            SELECT document_id, company_id, issue_date, vat_rate, currency_id,
                   amount_untaxed, vat, amount_total, amount_untaxed_vnd, vat_vnd
              FROM l10n_vn_einvoice_document_line
             WHERE document_id = ANY(%s)
          ORDER BY document_id, vat_rate, id""", [list(document_ids)])
        texts = {}
        for row in self.env.cr.fetchall():
            texts.setdefault(row[0], []).append("|".join(
                f"{value:.2f}" if isinstance(value, (float, Decimal)) else str(value)
                for value in row[1:]))
        return {doc_id: hashlib.sha256("\n".join(lines).encode()).hexdigest()
                for doc_id, lines in texts.items()}

    def _l10n_vn_einvoice_link_problem(self, row, index, previous_hash, attachments,
                                       directory):
        # EXTEND 'l10n_vn_einvoice': a link that verifies must also carry its seal.
        problem = super()._l10n_vn_einvoice_link_problem(row, index, previous_hash,
                                                         attachments, directory)
        if problem:
            return problem
        secret = chain_key.key(directory, row["chain_key_id"])
        digest = self._l10n_vn_einvoice_lines_digests([row["id"]]).get(row["id"], "")
        expected = chain_key.link_mac(secret, seal_text(
            row["chain_hash"], row["state"], row["tax_authority_code"], digest))
        if row["chain_seal"] != expected:
            return self.env._(
                "the status, tax-authority code or VAT-rate lines differ from what the "
                "server sealed (state %(state)s; changed outside the server)",
                state=row["state"])
        return None
