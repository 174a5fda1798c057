{
    "name": "Vietnam - E-invoicing: electronic delivery notes (stock)",
    "version": "19.0.1.2.0",
    "category": "Accounting/Localizations/EDI",
    "summary": "Electronic delivery notes (form 6, symbols N and B) issued when a transfer "
               "leaves a warehouse for another one or for a sales agent",
    "author": "l10n_vn_einvoice developers",
    "license": "LGPL-3",
    "countries": ["vn"],
    "depends": ["l10n_vn_einvoice", "stock"],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "views/stock_picking_views.xml",
        "views/stock_picking_type_views.xml",
        "views/res_config_settings_views.xml",
        "views/einvoice_document_views.xml",
        "views/einvoice_lookup_templates.xml",
        "report/delivery_note_report.xml",
        "views/note_correction_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "l10n_vn_einvoice_stock/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
}
