/**
 * Every report of Accounting > Reporting > Vietnam e-invoices, each as a page named by its
 * period: computed, exported to XLSX, printed; the VAT return warns that its XML format
 * is unverified and shows its indicators as the form prints them.
 */
import { registry } from "@web/core/registry";
import { screenshot } from "./tour_helpers";

function openReport(xmlid, name) {
    return [
        {
            content: "Reporting",
            trigger: ".o_menu_sections [data-menu-xmlid='account.menu_finance_reports']",
            run: "click",
        },
        { content: name, trigger: `.dropdown-item[data-menu-xmlid='${xmlid}']`, run: "click" },
    ];
}

/**
 * The reports open on the month to date of Vietnam (the browser runs on Vietnam time, as
 * the user's does): "01/12/2026 – 07/12/2026" and 2026 on 7 December 2026.  The test posts
 * its invoices on today's Vietnam date, so both sides read the same clock.
 */
function currentPeriod() {
    const today = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    const month = `${pad(today.getMonth() + 1)}/${today.getFullYear()}`;
    return {
        label: `01/${month} – ${pad(today.getDate())}/${month}`,
        year: String(today.getFullYear()),
    };
}

function click(name, content = name) {
    return { content, trigger: `.o_form_view button[name=${name}]`, run: "click" };
}

registry.category("web_tour.tours").add("l10n_vn_einvoice_reports", {
    steps: () => {
        const period = currentPeriod();
        return [
            // tax summary per VAT rate
            click("action_compute", "compute the tax summary"),
            {
                content: "named by its period in the breadcrumb",
                trigger: `.o_breadcrumb .active:contains(${period.label})`,
            },
            {
                content: "a row per rate, KCT included",
                trigger: ".o_field_one2many[name=line_ids] .o_data_row td:contains(KCT)",
            },
            screenshot("report_tax_summary"),
            click("action_export_xlsx"),
            click("action_print_pdf"),
            // register of issued e-invoices: a page, not a dialog
            ...openReport("l10n_vn_einvoice.menu_report_sales_register", "sales register"),
            { content: "a page with its buttons", trigger: ".o_form_view:not(.modal *) button[name=action_show]" },
            click("action_export_xlsx"),
            click("action_print_pdf"),
            click("action_show", "show the register"),
            {
                content: "the register, named by its period",
                trigger: `.o_breadcrumb .active:contains(${period.label})`,
            },
            {
                content: "the documents that count, grouped apart from replaced and voided ones",
                trigger: ".o_list_view .o_group_header:contains(Được cộng vào tổng)",
                run: "click",
            },
            { content: "its e-invoices", trigger: ".o_list_view .o_data_row:contains(Công ty TNHH Khách Hàng)" },
            screenshot("report_sales_register"),
            // reconciliation
            ...openReport("l10n_vn_einvoice.menu_report_reconciliation", "reconciliation"),
            click("action_compute", "compute the reconciliation"),
            {
                content: "named by its period",
                trigger: `.o_breadcrumb .active:contains(${period.label})`,
            },
            click("action_check_with_provider"),
            { content: "lookups queued", trigger: ".o_notification:contains(tra cứu)" },
            click("action_export_xlsx"),
            click("action_print_pdf"),
            screenshot("report_reconciliation"),
            // VAT return 01/GTGT
            ...openReport("l10n_vn_einvoice.menu_report_vat_return", "VAT return"),
            {
                content: "the XML format is said to be unverified",
                trigger: ".o_form_view .alert-warning:contains(HTKK)",
            },
            {
                content: "the year without a thousands separator",
                trigger: `.o_form_view .o_field_widget[name=year] input:value(${period.year})`,
            },
            click("action_compute", "compute the return"),
            {
                content: "[21] is a box, amounts are whole đồng",
                trigger: ".o_field_one2many[name=line_ids] .o_data_row:first td[name=value]:contains([ ])",
            },
            {
                content: "named by its period",
                trigger: ".o_breadcrumb .active:contains(01/GTGT)",
            },
            screenshot("report_vat_return"),
            click("action_export_xlsx"),
            click("action_download_xml"),
            // household business
            ...openReport("l10n_vn_einvoice.menu_report_household", "household business"),
            { content: "the export is said to be data", trigger: ".o_form_view .alert-warning:contains(01/CNKD)" },
            click("action_compute", "compute the household figures"),
            {
                content: "named by its year",
                trigger: `.o_breadcrumb .active:contains(${period.year})`,
            },
            screenshot("report_household"),
            click("action_export_xlsx"),
            // summary tables 01/TH-HĐĐT
            ...openReport("l10n_vn_einvoice.menu_summary_table", "summary tables"),
            { content: "new summary table", trigger: ".o_list_button_add", run: "click" },
            {
                content: "sending is said to be the sandbox's only",
                trigger: ".o_form_view .alert-warning:contains(01/TH-HĐĐT)",
            },
            {
                content: "the year without a thousands separator",
                trigger: `.o_form_view .o_field_widget[name=year] input:value(${period.year})`,
            },
            screenshot("report_summary_table"),
            { content: "discard", trigger: ".o_form_button_cancel", run: "click" },
            { content: "back to the list", trigger: ".o_list_view" },
        ];
    },
});

