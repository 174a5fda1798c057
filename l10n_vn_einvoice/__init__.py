# Odoo only accepts model classes defined under ``odoo.addons.*`` (see odoo/orm/models.py),
# and ``python -m l10n_vn_einvoice.standard`` must work without Odoo: the Odoo parts are
# imported only when this package is loaded as the addon.
if __name__.startswith("odoo.addons."):
    from . import controllers, models, report, wizard
