from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tools import mute_logger

from ..standard import codes


class L10nVnEinvoiceCodeBlock(models.Model):
    """A range [first, last] of the 11-digit part of cash-register codes, reserved for one
    POS config.

    The code ``M<form>-<YY>-<5 chars>-<11 digits>`` must be unique per taxpayer across
    every register, and the browser must be able to make it while offline.  So the
    server hands out disjoint ranges of each (company, form, year, authority string)
    series under a transaction lock, and each POS assigns the numbers of its ranges
    locally.
    A range that a browser loses (cleared storage, broken device) leaves its unused
    numbers unused — visible here as ``first``..``last`` without documents — never a
    duplicate, because no range is ever handed out twice.
    """

    _name = "l10n_vn_einvoice.code_block"
    _description = "Cash-register code block"
    _order = "id desc"

    company_id = fields.Many2one("res.company", required=True, index=True)
    config_id = fields.Many2one("pos.config", string="Point of sale", required=True,
                                index=True, ondelete="restrict")
    form = fields.Char(required=True, size=1)
    year = fields.Integer(required=True, help="Four-digit year of the codes (YY in the code).")
    authority_string = fields.Char(required=True, size=5)
    first = fields.Integer(required=True)
    last = fields.Integer(required=True)
    used_count = fields.Integer(compute="_compute_used_count",
                                help="Codes of this block that are on an e-invoice.")

    _range_valid = models.Constraint(
        "CHECK(first >= 1 AND last >= first)", "A code block must be a non-empty range.")
    _range_unique = models.Constraint(
        "UNIQUE(company_id, form, year, authority_string, first)",
        "This code range is already reserved.")

    def _compute_used_count(self):
        Document = self.env["l10n_vn_einvoice.document"].sudo()
        for block in self:
            prefix = f"M{block.form}-{block.year % 100:02d}-{block.authority_string}-"
            first, last = f"{prefix}{block.first:011d}", f"{prefix}{block.last:011d}"
            block.used_count = Document.search_count([
                ("company_id", "=", block.company_id.id),
                ("tax_authority_code", ">=", first), ("tax_authority_code", "<=", last)])

    @api.model
    def _reserve(self, config, year, size):
        """Reserve the next ``size`` numbers for ``config``; returns the block as
        :meth:`_as_pos_data` does.

        The reservation is a short transaction of its own, committed at once: it locks
        the whole series, which every register of the company shares, so it must never be
        held until the commit of a POS sync (registers would wait for each other).  If
        the caller's transaction rolls back afterwards, the block stays reserved and
        unused: unused codes, never a duplicate.  The caller's snapshot may not see the
        new row, hence plain data.
        """
        for attempt in range(1, 6):
            try:
                with self.env.registry.cursor() as cr:
                    env = self.env(cr=cr)
                    return env[self._name]._reserve_in_transaction(config.id, year, size)
            except ConcurrencyError:
                if attempt == 5:
                    raise
        return None

    @api.model
    def _reserve_in_transaction(self, config_id, year, size):
        # LOCK TABLE, unlike a SELECT, does not fix the transaction's snapshot: as the
        # first statement of a fresh transaction it makes MAX(last) below see every
        # range committed before, so two reservations never race (the lock is only
        # taken here).  A lock wait longer than lock_timeout is an error, not a hang.
        self.env.cr.execute("SET LOCAL lock_timeout = '10s'")
        self.env.cr.execute(
            "LOCK TABLE l10n_vn_einvoice_code_block IN SHARE ROW EXCLUSIVE MODE")
        config = self.env["pos.config"].browse(config_id)
        company = config.company_id
        form = config.l10n_vn_einvoice_form
        authority = config.l10n_vn_einvoice_authority_string
        key = f"M{form}-{year % 100:02d}-{authority}"
        self.env.cr.execute("""
            SELECT COALESCE(MAX(last), 0) FROM l10n_vn_einvoice_code_block
             WHERE company_id = %s AND form = %s AND year = %s AND authority_string = %s""",
                            (company.id, form, year, authority))
        last = self.env.cr.fetchone()[0] + size
        if last > codes.MAX_CASH_REGISTER_SEQUENCE:
            raise UserError(self.env._(
                "The cash-register codes of %(key)s for %(year)s are exhausted.\nĐã dùng hết "
                "mã hóa đơn máy tính tiền %(key)s của năm %(year)s.", key=key, year=year))
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                block = self.sudo().create({
                    "company_id": company.id, "config_id": config.id, "form": form,
                    "year": year, "authority_string": authority, "first": last - size + 1,
                    "last": last,
                })
        except UniqueViolation as error:
            # Only if the lock above came after this transaction's snapshot (a caller
            # that read before): a new transaction sees the other range.
            raise ConcurrencyError(f"code range of {key} reserved concurrently") from error
        return block._as_pos_data()[0]

    def _as_pos_data(self):
        return [{"id": b.id, "form": b.form, "year": b.year,
                 "authority_string": b.authority_string, "first": b.first, "last": b.last}
                for b in self]

    @api.model
    def _find(self, config, parsed, year):
        """The block of ``config`` holding a parsed cash-register code, if any."""
        return self.sudo().search([
            ("config_id", "=", config.id), ("form", "=", parsed.form), ("year", "=", year),
            ("authority_string", "=", parsed.authority_string),
            ("first", "<=", parsed.sequence), ("last", ">=", parsed.sequence)], limit=1)
