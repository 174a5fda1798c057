"""The demo companies' registers (``scripts/demo.sh``)."""

from odoo import models


class L10nVnEinvoiceDemo(models.AbstractModel):
    _inherit = "l10n_vn_einvoice.demo"

    def _load_demo_product_values(self):
        # EXTEND 'l10n_vn_einvoice': the demo products are sold at the registers too.
        return {**super()._load_demo_product_values(), "available_in_pos": True}

    def _load_demo_pos(self, company, spec):
        # EXTEND 'l10n_vn_einvoice': POS issuing cash-register e-invoices to the sandbox.
        result = super()._load_demo_pos(company, spec)
        Config = self.env["pos.config"]
        einvoicing = {
            "l10n_vn_einvoice_enabled": True,
            "l10n_vn_einvoice_authority_string": spec.authority_string,
            "l10n_vn_einvoice_lookup_url": self._demo_lookup_url(),
        }
        for name, restaurant in spec.pos:
            config = Config.search([("name", "=", name), ("company_id", "=", company.id)])
            if not config:
                journal, payment_methods = Config._create_journal_and_payment_methods(
                    cash_journal_vals={"name": f"Tiền mặt - {name}",
                                       "show_on_dashboard": False})
                values = {"name": name, "company_id": company.id, "journal_id": journal.id,
                          "payment_method_ids": payment_methods}
                # scripts/demo.sh installs pos_restaurant; the flag would install it
                if restaurant and self.env["ir.module.module"]._get(
                        "pos_restaurant").state == "installed":
                    values["module_pos_restaurant"] = True
                config = Config.create(values)
            config.write(einvoicing)
        return result
