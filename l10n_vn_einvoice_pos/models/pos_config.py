import datetime
import itertools
import re
import string

from odoo import api, fields, models
from odoo.addons.l10n_vn_einvoice.models.direct_reduction import REDUCTION_PRODUCT
from odoo.addons.l10n_vn_einvoice.models.einvoice_access import CASHIER, check_group
from odoo.addons.l10n_vn_einvoice.models.einvoice_problem_words import ProblemWords
from odoo.addons.l10n_vn_einvoice.standard import amount_words, codes, money, regimes
from odoo.addons.l10n_vn_einvoice.standard.errors import InvalidCode
from odoo.addons.l10n_vn_einvoice.standard.xmldsig import VN_TZ
from odoo.exceptions import UserError, ValidationError

KIND_SELECTION = [("cash_register", "Cash-register invoice (M)"),
                  ("coded", "Coded invoice (C)")]
AUTHORITY_STRING_RE = re.compile(r"^[A-Z0-9]{5}$")
# The last two characters of a symbol are the seller's to choose (TT 78/2021 Đ4 k1).
SYMBOL_SUFFIXES = ["".join(pair) for pair in itertools.product(
    string.ascii_uppercase + string.digits, repeat=2)]


def symbol_series(symbol):
    """A symbol without its year digits: ``C26MAB`` and ``C27MAB`` are one series."""
    return f"{symbol[:1]}{symbol[3:]}" if symbol and len(symbol) == 6 else symbol or ""


class PosConfig(models.Model):
    _inherit = "pos.config"

    l10n_vn_einvoice_enabled = fields.Boolean(
        string="Vietnamese e-invoices",
        help="Every paid order and refund becomes a Vietnamese e-invoice.")
    l10n_vn_einvoice_kind = fields.Selection(
        KIND_SELECTION, string="E-invoice kind", default="cash_register", required=True,
        help="Cash-register invoices carry a code the register makes itself (also offline); "
             "coded invoices are issued by posting an invoice for the order.")
    l10n_vn_einvoice_form = fields.Selection(
        [(str(n), str(n)) for n in range(1, 10)], string="E-invoice form digit",
        compute="_compute_l10n_vn_einvoice_form", store=True, readonly=False)
    l10n_vn_einvoice_symbol = fields.Char(
        string="E-invoice symbol", size=6,
        compute="_compute_l10n_vn_einvoice_symbol", store=True, readonly=False,
        help="Cash-register symbol such as C26MAA; its year digits follow the issue date. "
             "Each register has its own symbol, so its invoice numbers and tamper-evidence "
             "chain are its own and registers never wait for each other; a new register "
             "gets the next free last two characters.")
    l10n_vn_einvoice_authority_string = fields.Char(
        string="Tax authority string", size=5,
        help="The 5 characters the tax authority issued for cash-register codes "
             "(M1-26-XXXXX-00000000001).")
    l10n_vn_einvoice_block_size = fields.Integer(
        string="Code block size", default=500,
        help="How many codes the register reserves at a time to issue invoices offline.")
    l10n_vn_einvoice_lookup_url = fields.Char(
        string="E-invoice lookup address",
        help="Printed on the receipt and encoded in its QR code, where the buyer retrieves "
             "the invoice.")
    # Seller data the receipt must print (NĐ 123 Đ11 k3), read by the POS.
    l10n_vn_einvoice_seller_name = fields.Char(compute="_compute_l10n_vn_einvoice_seller")
    l10n_vn_einvoice_seller_address = fields.Char(compute="_compute_l10n_vn_einvoice_seller")
    l10n_vn_einvoice_seller_vat = fields.Char(compute="_compute_l10n_vn_einvoice_seller")
    l10n_vn_einvoice_deduction = fields.Boolean(compute="_compute_l10n_vn_einvoice_seller")
    # The direct-method VAT reduction the register prices offline (see direct_reduction).
    l10n_vn_einvoice_reduction_product_id = fields.Many2one(
        "product.product", string="VAT reduction product",
        compute="_compute_l10n_vn_einvoice_reduction")
    l10n_vn_einvoice_reduction_periods = fields.Json(
        string="VAT reduction periods", compute="_compute_l10n_vn_einvoice_reduction",
        help="[first day, last day, resolution] of each VAT reduction (regimes).")
    l10n_vn_einvoice_reduction_note = fields.Char(
        string="VAT reduction note", compute="_compute_l10n_vn_einvoice_reduction")
    l10n_vn_einvoice_currency_word = fields.Char(
        string="Currency in words", compute="_compute_l10n_vn_einvoice_reduction")
    l10n_vn_einvoice_config_error = fields.Char(
        compute="_compute_l10n_vn_einvoice_config_error",
        help="Why this configuration cannot issue valid e-invoices (empty when it can).")

    # The database's guarantee behind _check_l10n_vn_einvoice_symbol_own (which names the
    # other register): one symbol series (year digits aside) per cash-register POS.
    _l10n_vn_einvoice_symbol_own = models.UniqueIndex(
        "(company_id, left(l10n_vn_einvoice_symbol, 1), substr(l10n_vn_einvoice_symbol, 4)) "
        "WHERE l10n_vn_einvoice_enabled AND l10n_vn_einvoice_kind = 'cash_register'",
        "Two cash-register points of sale cannot share an e-invoice symbol.")

    @api.depends("company_id.l10n_vn_einvoice_form")
    def _compute_l10n_vn_einvoice_form(self):
        for config in self:
            config.l10n_vn_einvoice_form = (config.l10n_vn_einvoice_form
                                            or config.company_id.l10n_vn_einvoice_form or "1")

    @api.depends("company_id.l10n_vn_einvoice_pos_symbol")
    def _compute_l10n_vn_einvoice_symbol(self):
        today = fields.Date.context_today(self)
        taken = {}
        for config in self:
            if config.l10n_vn_einvoice_symbol:
                continue
            company = config.company_id
            if company.id not in taken:
                taken[company.id] = config._l10n_vn_einvoice_series_taken()
            symbol = config._l10n_vn_einvoice_free_symbol(today, taken[company.id])
            taken[company.id].add(symbol_series(symbol))
            config.l10n_vn_einvoice_symbol = symbol

    def _l10n_vn_einvoice_series_taken(self):
        """Symbol series of the company's other registers (archived ones included: they
        may come back)."""
        others = self.with_context(active_test=False).search([
            ("company_id", "=", self.company_id.id), ("id", "not in", self.ids),
            ("l10n_vn_einvoice_symbol", "!=", False)])
        return {symbol_series(symbol) for symbol in others.mapped("l10n_vn_einvoice_symbol")}

    def _l10n_vn_einvoice_free_symbol(self, on_date, taken):
        """The company's cash-register symbol, or the first one after it whose last two
        characters no other register of the company uses."""
        base = self.company_id._l10n_vn_einvoice_symbol_for("cash_register", on_date)
        start = SYMBOL_SUFFIXES.index(base[4:]) if base[4:] in SYMBOL_SUFFIXES else 0
        for suffix in SYMBOL_SUFFIXES[start:] + SYMBOL_SUFFIXES[:start]:
            symbol = base[:4] + suffix
            if symbol_series(symbol) not in taken:
                return symbol
        return base  # 1,296 registers: the constraint below names the clash

    @api.depends("company_id")
    def _compute_l10n_vn_einvoice_seller(self):
        for config in self:
            company = config.company_id
            partner = company.partner_id
            config.l10n_vn_einvoice_seller_name = (company.l10n_vn_einvoice_legal_name
                                                   or company.name)
            config.l10n_vn_einvoice_seller_address = (
                company.l10n_vn_einvoice_legal_address
                or partner._l10n_vn_einvoice_one_line_address())
            config.l10n_vn_einvoice_seller_vat = company._l10n_vn_einvoice_tax_code()
            config.l10n_vn_einvoice_deduction = (
                company.l10n_vn_einvoice_tax_method != "direct")

    @api.depends("company_id")
    def _compute_l10n_vn_einvoice_reduction(self):
        product = self.env.ref(REDUCTION_PRODUCT, raise_if_not_found=False)
        periods = [[r.valid_from.isoformat(), r.valid_to.isoformat(), r.resolution]
                   for r in regimes.VAT_REDUCTIONS]
        for config in self:
            config.l10n_vn_einvoice_reduction_product_id = product
            config.l10n_vn_einvoice_reduction_periods = periods
            config.l10n_vn_einvoice_reduction_note = money.DIRECT_METHOD_NOTE_VI
            config.l10n_vn_einvoice_currency_word = amount_words.currency_name(
                config.currency_id.name or "VND")

    def _get_special_products(self):
        # EXTEND 'point_of_sale': the reduction line is loaded by every register and never
        # offered in the product list (the register prices it, see direct_reduction).
        product = self.env.ref(REDUCTION_PRODUCT, raise_if_not_found=False)
        return super()._get_special_products() | (product or self.env["product.product"])

    @api.depends("l10n_vn_einvoice_enabled", "l10n_vn_einvoice_kind",
                 "l10n_vn_einvoice_form", "l10n_vn_einvoice_symbol",
                 "l10n_vn_einvoice_authority_string", "l10n_vn_einvoice_block_size")
    def _compute_l10n_vn_einvoice_config_error(self):
        for config in self:
            config.l10n_vn_einvoice_config_error = config._l10n_vn_einvoice_problem() or ""

    def _l10n_vn_einvoice_symbol_on(self, on_date):
        """The configured symbol with the issue year's digits (a new symbol each year)."""
        symbol = self.l10n_vn_einvoice_symbol or ""
        return f"{symbol[:1]}{on_date.year % 100:02d}{symbol[3:]}" if len(symbol) == 6 else symbol

    def _l10n_vn_einvoice_problem(self):
        """A bilingual reason why this config cannot issue, or None."""
        self.ensure_one()
        if not self.l10n_vn_einvoice_enabled:
            return None
        today = fields.Date.context_today(self)
        company = self.company_id
        try:
            codes.validate_tax_id(company.vat or "", field="NBan/MST")
            codes.validate_form(self.l10n_vn_einvoice_form or "", today)
            kind = self.l10n_vn_einvoice_kind
            codes.validate_symbol(self._l10n_vn_einvoice_symbol_on(today), today,
                                  kind=kind if kind == "cash_register" else None)
        except InvalidCode as error:
            english, vietnamese, _whose, _line = ProblemWords(
                self.env, self, company).sentence(error.field, error.rule, error.message,
                                                  error.message_vi)
            return f"{english}\n{vietnamese}"
        if self.l10n_vn_einvoice_kind == "cash_register":
            if not AUTHORITY_STRING_RE.match(self.l10n_vn_einvoice_authority_string or ""):
                return ("The 5-character string issued by the tax authority for cash-register "
                        "codes is missing or not 5 upper-case letters/digits.\nChuỗi 5 ký tự "
                        "do cơ quan thuế cấp cho mã hóa đơn máy tính tiền bị thiếu hoặc sai.")
            if self.l10n_vn_einvoice_block_size < 1:
                return ("The code block size must be at least 1.\nKích thước khối mã phải "
                        "từ 1 trở lên.")
        elif not self.invoice_journal_id:
            return ("Coded e-invoices from the POS need an invoice journal.\nHóa đơn có mã từ "
                    "POS cần sổ nhật ký hóa đơn.")
        return None

    @api.constrains("l10n_vn_einvoice_authority_string", "l10n_vn_einvoice_block_size")
    def _check_l10n_vn_einvoice_settings(self):
        for config in self:
            string = config.l10n_vn_einvoice_authority_string
            if string and not AUTHORITY_STRING_RE.match(string):
                raise ValidationError(self.env._(
                    "The tax authority string %(value)s must be 5 upper-case letters or "
                    "digits.\nChuỗi do cơ quan thuế cấp %(value)s phải gồm 5 chữ in hoa hoặc "
                    "chữ số.", value=string))
            if config.l10n_vn_einvoice_enabled and config.l10n_vn_einvoice_block_size < 1:
                raise ValidationError(self.env._(
                    "The code block size must be at least 1.\nKích thước khối mã phải từ 1 "
                    "trở lên."))

    @api.constrains("l10n_vn_einvoice_symbol", "l10n_vn_einvoice_enabled",
                    "l10n_vn_einvoice_kind", "company_id")
    def _check_l10n_vn_einvoice_symbol_own(self):
        """Two cash-register POS of one company never share a symbol: a symbol's gap-free
        counter and chain link are held until the sync commits, so sharing one would make
        the registers wait for each other (and fail on serialization under load)."""
        for config in self.filtered(lambda c: c.l10n_vn_einvoice_enabled
                                    and c.l10n_vn_einvoice_kind == "cash_register"
                                    and c.l10n_vn_einvoice_symbol):
            series = symbol_series(config.l10n_vn_einvoice_symbol)
            # SQL, not search(): a search would flush this record first and meet the
            # unique index before this message could name the other register.
            self.env.cr.execute("""
                SELECT id, l10n_vn_einvoice_symbol, l10n_vn_einvoice_enabled
                       AND l10n_vn_einvoice_kind = 'cash_register'
                  FROM pos_config
                 WHERE company_id = %s AND id != %s AND l10n_vn_einvoice_symbol IS NOT NULL""",
                                (config.company_id.id, config.id))
            others = self.env.cr.fetchall()
            same = self.browse([id_ for id_, symbol, issuing in others
                                if issuing and symbol_series(symbol) == series][:1])
            if same:
                free = config._l10n_vn_einvoice_free_symbol(
                    fields.Date.context_today(self),
                    {symbol_series(symbol) for _id, symbol, _issuing in others} | {series})
                raise ValidationError(self.env._(
                    "%(pos)s: the cash-register symbol %(symbol)s is already used by "
                    "%(other)s. Each register numbers its invoices under its own symbol so "
                    "that registers never wait for each other; choose other last two "
                    "characters, e.g. %(free)s.\n%(pos)s: ký hiệu %(symbol)s đã được "
                    "%(other)s sử dụng. Mỗi máy tính tiền dùng ký hiệu riêng; hãy chọn hai "
                    "ký tự cuối khác, ví dụ %(free)s.", pos=config.name,
                    symbol=config.l10n_vn_einvoice_symbol, other=same.name, free=free))

    def _check_before_creating_new_session(self):
        # EXTEND 'point_of_sale': no session may sell without a usable e-invoice setup.
        result = super()._check_before_creating_new_session()
        for config in self:
            problem = config._l10n_vn_einvoice_problem()
            if problem:
                raise UserError(self.env._(
                    "%(pos)s cannot open: its Vietnamese e-invoice configuration is not "
                    "usable.\n%(pos)s không thể mở ca: cấu hình hóa đơn điện tử chưa dùng "
                    "được.\n%(problem)s", pos=config.name, problem=problem))
        return result

    # ------------------------------------------------------------------ code blocks
    def l10n_vn_einvoice_reserve_block(self, year):
        """RPC of the POS: a fresh block of codes for ``year`` (browser keeps a spare).

        Only for this year or the next one in Vietnam (a register prepares January's codes
        in December): a block is never given back, so blocks for far years would only
        waste a series."""
        self.ensure_one()
        check_group(self.env, CASHIER, self.env._("Reserve cash-register codes"))
        self.check_access("read")
        this_year = datetime.datetime.now(VN_TZ).year
        if not isinstance(year, int) or year not in (this_year, this_year + 1):
            raise UserError(self.env._(
                "Cash-register codes are reserved for %(this)s or %(next)s only, not for "
                "%(year)s.\nChỉ cấp mã hóa đơn máy tính tiền cho năm %(this)s hoặc %(next)s, "
                "không cho năm %(year)s.", this=this_year, next=this_year + 1, year=year))
        problem = self._l10n_vn_einvoice_problem()
        if problem or self.l10n_vn_einvoice_kind != "cash_register":
            raise UserError(problem or self.env._(
                "This POS does not issue cash-register invoices.\n"
                "POS này không lập hóa đơn máy tính tiền."))
        block = self.env["l10n_vn_einvoice.code_block"]._reserve(
            self, year, self.l10n_vn_einvoice_block_size)
        return block._as_pos_data()[0]
