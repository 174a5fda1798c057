from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.addons.l10n_vn_einvoice.standard import codes
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tools import SQL, mute_logger

# 11-digit parts of cash-register codes from here on are made by the server (see
# _server_code); blocks handed to registers stay below.
SERVER_CODE_FIRST = 90_000_000_000
SERVER_CODE_SEQUENCE = "l10n_vn_einvoice_server_code_seq"


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

    def init(self):
        result = super().init()
        self.env.cr.execute(SQL(
            "CREATE SEQUENCE IF NOT EXISTS %s START %s MINVALUE %s MAXVALUE %s",
            SQL.identifier(SERVER_CODE_SEQUENCE), SERVER_CODE_FIRST, SERVER_CODE_FIRST,
            codes.MAX_CASH_REGISTER_SEQUENCE))
        return result

    @api.model
    def _reserve(self, config, year, size):
        """Reserve the next ``size`` numbers for ``config``; the advisory lock is held until
        commit, so two registers never get overlapping ranges.  Called by the register's
        own RPC (a transaction of its own, never a sync)."""
        company = config.company_id
        form = config.l10n_vn_einvoice_form
        authority = config.l10n_vn_einvoice_authority_string
        key = f"M{form}-{year % 100:02d}-{authority}"
        # A transaction-scoped lock on the code's fixed part serialises reservations of
        # the same series (concurrent registers wait for each other's commit).
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
                            (key, company.id))
        self.env.cr.execute("""
            SELECT COALESCE(MAX(last), 0) FROM l10n_vn_einvoice_code_block
             WHERE company_id = %s AND form = %s AND year = %s AND authority_string = %s""",
                            (company.id, form, year, authority))
        last = self.env.cr.fetchone()[0] + size
        if last >= SERVER_CODE_FIRST:
            raise UserError(self.env._(
                "The cash-register codes of %(key)s for %(year)s are exhausted.\nĐã dùng hết "
                "mã hóa đơn máy tính tiền %(key)s của năm %(year)s.", key=key, year=year))
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return self.sudo().create({
                    "company_id": company.id, "config_id": config.id, "form": form,
                    "year": year, "authority_string": authority, "first": last - size + 1,
                    "last": last,
                })
        except UniqueViolation as error:
            # The lock came after this transaction's snapshot (REPEATABLE READ): another
            # register's range, committed meanwhile, was invisible to MAX(last) above.
            # Odoo retries the whole request with a fresh snapshot.
            raise ConcurrencyError(f"code range of {key} reserved concurrently") from error

    @api.model
    def _server_code(self, config, year):
        """A cash-register code the server makes itself, in a POS sync, for an order whose
        register sent none or one that is refused.

        Its 11 digits come from the top tenth of the range, which blocks never reach,
        drawn from a PostgreSQL sequence: ``nextval`` neither waits for another
        transaction nor is given back by a rollback, so the sync takes no lock that
        other registers share, and no number is ever drawn twice (one left unused by a
        rolled-back sync is only a gap, as in a lost block).
        """
        self.env.cr.execute("SELECT nextval(%s)", [SERVER_CODE_SEQUENCE])
        return codes.make_cash_register_code(config.l10n_vn_einvoice_form, year,
                                             config.l10n_vn_einvoice_authority_string,
                                             self.env.cr.fetchone()[0])

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
