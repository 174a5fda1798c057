{
    "name": "Vietnam - E-invoicing of the Point of Sale (cash-register invoices)",
    "version": "19.0.1.2.0",
    "category": "Accounting/Localizations/EDI",
    "summary": "Vietnamese cash-register e-invoices from POS orders: code blocks, "
               "per-register symbols, the receipt and the buyer's request on /pos/ticket",
    "author": "l10n_vn_einvoice developers",
    "license": "LGPL-3",
    "countries": ["vn"],
    "depends": ["l10n_vn_einvoice", "point_of_sale"],
    "auto_install": True,
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "security/record_rules.xml",
        "security/buyer_request_rules.xml",
        "data/product_vat_reduction.xml",
        "views/einvoice_document_views.xml",
        "views/report_missing_views.xml",
        "views/pos_config_views.xml",
        "views/pos_order_views.xml",
        "views/pos_order_live_status_views.xml",
        "views/pos_buyer_request_views.xml",
        "views/pos_ticket_templates.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "l10n_vn_einvoice_pos/static/src/pos/**/*",
        ],
        "web.assets_frontend": [
            "l10n_vn_einvoice_pos/static/src/pos_ticket/**/*",
        ],
        "web.assets_tests": [
            "l10n_vn_einvoice_pos/static/tests/tours/**/*",
        ],
    },
}
