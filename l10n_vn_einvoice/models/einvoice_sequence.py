from odoo import api, fields, models


class L10nVnEinvoiceSequence(models.Model):
    """Gap-free invoice numbers per (company, form, symbol, year).

    The counter row is locked by the UPDATE until the posting transaction ends: a rolled
    back posting gives its number back, two postings on one symbol wait for each other,
    and numbers never repeat or skip (SHDon must be strictly sequential).
    """

    _name = "l10n_vn_einvoice.sequence"
    _description = "E-invoice number counter"

    company_id = fields.Many2one("res.company", required=True, index=True)
    form = fields.Char(required=True, size=1)
    symbol = fields.Char(required=True, size=6)
    year = fields.Integer(required=True)
    last_number = fields.Integer(default=0, required=True)

    _key_unique = models.Constraint(
        "UNIQUE(company_id, form, symbol, year)", "One counter per form, symbol and year.")

    @api.model
    def _next_number(self, company, form, symbol, year):
        self.env.cr.execute("""
            INSERT INTO l10n_vn_einvoice_sequence
                   (company_id, form, symbol, year, last_number, create_uid, write_uid,
                    create_date, write_date)
            VALUES (%(company)s, %(form)s, %(symbol)s, %(year)s, 0, %(uid)s, %(uid)s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (company_id, form, symbol, year) DO NOTHING""",
            {"company": company.id, "form": form, "symbol": symbol, "year": year,
             "uid": self.env.uid})
        self.env.cr.execute("""
            UPDATE l10n_vn_einvoice_sequence SET last_number = last_number + 1
             WHERE company_id = %s AND form = %s AND symbol = %s AND year = %s
         RETURNING last_number""", (company.id, form, symbol, year))
        return self.env.cr.fetchone()[0]
