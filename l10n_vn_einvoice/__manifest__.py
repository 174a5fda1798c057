{
    "name": "Vietnam - E-invoicing (tax authority XML, providers, POS cash-register invoices)",
    "version": "19.0.1.0.0",
    "category": "Accounting/Localizations/EDI",
    "summary": "Vietnamese e-invoices from invoices and POS orders: official XML, "
               "XML-DSig, VNPT/Viettel/BKAV providers and a loopback sandbox",
    "author": "l10n_vn_einvoice developers",
    "website": "https://example.invalid/l10n_vn_einvoice",
    "license": "LGPL-3",
    "countries": ["vn"],
    "depends": ["account", "point_of_sale", "l10n_vn", "certificate", "mail"],
    "external_dependencies": {"python": ["xmlsec", "zeep", "lxml", "python-stdnum"]},
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "security/record_rules.xml",
        "data/ir_cron.xml",
        "data/res_partner_data.xml",
        "views/einvoice_document_views.xml",
        "views/res_config_settings_views.xml",
        "views/account_tax_views.xml",
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/demo_data.xml",
    ],
    "installable": True,
    "application": False,
}
