"""Tests are collected by pytest (pytest-odoo for the Odoo ones); see README.

The shared set-up of the e-invoicing tests is the core's (``odoo.addons.l10n_vn_einvoice
.tests.common``); ``pos_common`` adds the registers."""
