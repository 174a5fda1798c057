"""l10n_vn's tax report read through its tax tags: which tags feed which report line, and
the posted balance of each tag over a period (one SQL sum).  The tax summary and the VAT
return both build on this, so they agree with the accounting to the last đồng."""

from odoo.exceptions import UserError

# account.report.expression label → column of the e-invoice figures.
EXPRESSION_COLUMNS = {"amount_untaxed": "base", "balance": "vat"}


def report_line_tags(env, country, line_codes):
    """{tag id: [(report line code, 'base'|'vat', sign)]} for the given l10n_vn lines."""
    report = env.ref("l10n_vn.tax_report", raise_if_not_found=False)
    if not report:
        raise UserError(env._("The Vietnamese tax report (l10n_vn) is not installed.\nChưa cài "
                              "báo cáo thuế Việt Nam (l10n_vn)."))
    expressions = env["account.report.expression"].sudo().search([
        ("report_line_id.report_id", "=", report.id),
        ("report_line_id.code", "in", list(line_codes)), ("engine", "=", "tax_tags")])
    result = {}
    for expression in expressions:
        column = EXPRESSION_COLUMNS.get(expression.label)
        if not column:
            continue
        sign = -1 if expression.formula.startswith("-") else 1
        for tag in env["account.account.tag"]._get_tax_tags(expression.formula, country.id):
            result.setdefault(tag.id, []).append(
                (expression.report_line_id.code, column, sign))
    return result


def tag_balances(cr, company_id, date_from, date_to, tag_ids):
    """{tag id: balance} of the posted journal items carrying each tag in the period."""
    if not tag_ids:
        return {}
    # PostgreSQL JIT-compiles this plan (its cost is above jit_above_cost on a year of a
    # busy company) and pays 0.2 s of compilation for a hash join and a sum that are
    # bound by reading the rows (EXPLAIN ANALYZE, 1,750,000 tagged items: "JIT ... Total
    # 212-248 ms"); off for this statement only, then back to the server's default.
    cr.execute("SET LOCAL jit = off")
    cr.execute("""
        SELECT rel.account_account_tag_id, COALESCE(SUM(aml.balance), 0)
          FROM account_move_line aml
          JOIN account_account_tag_account_move_line_rel rel
            ON rel.account_move_line_id = aml.id
         WHERE aml.company_id = %s AND aml.parent_state = 'posted'
           AND aml.date BETWEEN %s AND %s AND rel.account_account_tag_id IN %s
      GROUP BY rel.account_account_tag_id
    """, (company_id, date_from, date_to, tuple(tag_ids)))
    balances = dict(cr.fetchall())
    cr.execute("SET LOCAL jit TO DEFAULT")
    return balances


def report_line_totals(cr, company_id, date_from, date_to, tag_map):
    """{(line code, 'base'|'vat'): signed amount} from :func:`report_line_tags`' map."""
    totals = {}
    for tag_id, balance in tag_balances(cr, company_id, date_from, date_to, tag_map).items():
        for code, column, sign in tag_map[tag_id]:
            totals[code, column] = totals.get((code, column), 0.0) + sign * balance
    return totals
