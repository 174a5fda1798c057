import { registry } from "@web/core/registry";

/**
 * An accountant's database with the core addon only (issue 23 §3): the apps menu has
 * Invoicing and neither Point of Sale nor Inventory; a draft customer invoice opened
 * from Invoicing's menu is confirmed and becomes an e-invoice.  Run by Odoo's own test
 * runner while the core is installed alone (tests/test_repo_split.py).
 */
registry.category("web_tour.tours").add("l10n_vn_einvoice_core_only", {
    steps: () => [
        {
            content: "open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Invoicing is there, and no Point of Sale nor Inventory",
            trigger: ".o-dropdown--menu .o_app[data-menu-xmlid='account.menu_finance']",
            run(helpers) {
                const apps = [...document.querySelectorAll(".o-dropdown--menu .o_app")];
                const xmlids = apps.map((app) => app.dataset.menuXmlid);
                const names = apps.map((app) => app.textContent.trim());
                for (const absent of ["point_of_sale.menu_point_root", "stock.menu_stock_root"]) {
                    if (xmlids.includes(absent)) {
                        throw new Error(`${absent} is in the apps menu: ${names}`);
                    }
                }
                if (names.some((name) => /Point of Sale|Inventory/.test(name))) {
                    throw new Error(`apps menu: ${names}`);
                }
                return helpers.click();
            },
        },
        {
            content: "Invoicing's Customers menu",
            trigger: ".o_main_navbar [data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "its Invoices",
            trigger: "[data-menu-xmlid='account.menu_action_move_out_invoice_type']",
            run: "click",
        },
        {
            content: "open the draft invoice",
            trigger: ".o_list_view .o_data_row:contains(Khách Hàng) td[name=invoice_partner_display_name]",
            run: "click",
        },
        {
            content: "confirm it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_post]",
            run: "click",
        },
        {
            content: "posted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=posted]",
        },
        {
            content: "its e-invoice tab",
            trigger: "a.nav-link:contains(Vietnamese Electronic Invoicing)",
            run: "click",
        },
        {
            content: "the e-invoice is issued: its number (form 1, symbol C..TAA)",
            trigger: ".o_l10n_vn_einvoice_issued [name=l10n_vn_einvoice_document_id]:contains(TAA-)",
        },
    ],
});
