# Odoo only accepts model classes defined under ``odoo.addons.*`` (see odoo/orm/models.py),
# and ``python -m l10n_vn_einvoice.standard`` must work without Odoo: the Odoo parts are
# imported only when this package is loaded as the addon.
if __name__.startswith("odoo.addons."):
    from . import controllers, models, report, wizard


def post_init_hook(env):
    """Vietnamese companies already on l10n_vn round VAT globally (see models/template_vn)."""
    env["res.company"].search([("account_fiscal_country_id.code", "=", "VN")]).write(
        {"tax_calculation_rounding_method": "round_globally"})
