/**
 * Accounting settings, Vietnam e-invoicing: the block says it runs on the sandbox and that
 * no mail server is configured; the signing certificate shows its holder's MST and issuer,
 * and "we sign" is chosen and saved; Test connection introduces the sandbox as
 * the sandbox and names the credentials left empty.
 */
import { registry } from "@web/core/registry";
import { screenshot } from "./tour_helpers";

registry.category("web_tour.tours").add("l10n_vn_einvoice_settings", {
    steps: () => [
        {
            content: "the block says invoices go to the sandbox",
            trigger: ".o_form_view .alert-warning:contains(môi trường thử nghiệm)",
        },
        {
            content: "and that no outgoing mail server is configured",
            trigger: ".o_form_view .alert-warning:contains(Chưa cấu hình máy chủ gửi thư)",
        },
        { content: "the seller's MST", trigger: ".o_field_widget[name=l10n_vn_einvoice_company_vat] input" },
        {
            content: "the signing certificate says whose it is",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_certificate_mst]:contains(0315558888)",
        },
        {
            content: "and who issued it",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_certificate_issuer]:contains(Công ty TNHH Thử Nghiệm)",
        },
        {
            content: "who signs: we sign with our certificate",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_signing_mode] input[data-value=seller]",
            run: "click",
        },
        {
            content: "save the settings (the page reloads)",
            trigger: ".o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "we sign, saved",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_signing_mode] input[data-value=seller]:checked",
        },
        screenshot("settings"),
        {
            content: "test the connection",
            trigger: "button[name=action_l10n_vn_einvoice_test_connection]",
            run: "click",
        },
        {
            content: "the sandbox answers as the sandbox",
            trigger: ".o_notification:contains(Nhà cung cấp thử nghiệm (giao thức VNPT) phản hồi tại)",
        },
        {
            content: "the empty credentials are named",
            trigger: ".o_notification:contains(Chưa nhập):contains(sandbox)",
        },
        screenshot("settings_test_connection", "body", { keepNotifications: true }),
    ],
});

/** A unit of measure: its name on Vietnamese invoices. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_uom", {
    steps: () => [
        {
            content: "the unit's name on Vietnamese invoices",
            trigger: ".o_form_view .o_field_widget[name=l10n_vn_einvoice_name] input:value(Cái)",
        },
    ],
});

/** Choose a provider in the settings' provider drop-down. */
function chooseProvider(label) {
    return [
        {
            content: "open the provider list",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_provider] .o_select_menu_toggler",
            run: "click",
            timeout: 30000, // the settings page is long to load on a busy machine
        },
        {
            content: `choose ${label}`,
            trigger: `.o_select_menu_item:contains(${label})`,
            run: "click",
        },
    ];
}

/** Save the settings: a button of the page asks to save unsaved changes first. */
const saveSettings = {
    content: "save the settings (the page reloads)",
    trigger: ".o_form_button_save",
    run: "click",
    expectUnloadPage: true,
};

/**
 * Settings, symbols from the provider: EasyInvoice has no call listing them and the
 * button says so; with MISA chosen (its AppID field shown) the registered symbols are
 * fetched, the configured one MISA does not know is named, one listed symbol is picked
 * and lands in the settings; a symbol typed and saved that MISA does not list is named
 * by Test connection.
 */
registry.category("web_tour.tours").add("l10n_vn_einvoice_settings_symbols", {
    steps: () => [
        ...chooseProvider("EasyInvoice"),
        {
            content: "EasyInvoice asks for no provider account (MISA's AppID field is hidden)",
            trigger: "body:not(:has(.o_field_widget[name=l10n_vn_einvoice_account]))",
        },
        saveSettings,
        {
            content: "fetch the symbols from EasyInvoice",
            trigger: "button[name=action_l10n_vn_einvoice_fetch_symbols]",
            run: "click",
        },
        {
            content: "EasyInvoice's API lists none: said in words",
            trigger: ".o_notification:contains(không có chức năng liệt kê ký hiệu)",
        },
        ...chooseProvider("MISA"),
        {
            content: "MISA's AppID field is shown, filled in",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_account] input:value(0b3e2f1c-5a4d-4c3b-9e8f-5a6d7c8b9a00)",
        },
        saveSettings,
        {
            content: "fetch the symbols registered at MISA",
            trigger: "button[name=action_l10n_vn_einvoice_fetch_symbols]",
            run: "click",
        },
        {
            content: "the configured symbol MISA does not know is named",
            trigger: ".modal .o_l10n_vn_einvoice_unknown_symbol:contains(Chưa đăng ký tại MISA meInvoice):contains(TZZ)",
        },
        {
            content: "MISA's coded symbol of this year, with its template, comes first",
            trigger: ".modal .o_data_row:first-child td[name=symbol]:contains(TAA)",
        },
        screenshot("settings_symbols_offer"),
        {
            content: "use it",
            trigger: ".modal .o_data_row:first-child button[name=action_use]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the picked symbol is the invoice symbol; type one MISA does not list",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_symbol] input",
            async run(helpers) {
                if (!/^C\d\dTAA$/.test(this.anchor.value)) {
                    throw new Error(`picked symbol not in the settings: ${this.anchor.value}`);
                }
                await helpers.edit(this.anchor.value.replace("TAA", "TZY"));
            },
        },
        saveSettings,
        {
            content: "the typed symbol is saved",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_symbol] input",
            run() {
                if (!/^C\d\dTZY$/.test(this.anchor.value)) {
                    throw new Error(`typed symbol not saved: ${this.anchor.value}`);
                }
            },
        },
        {
            content: "test the connection",
            trigger: "button[name=action_l10n_vn_einvoice_test_connection]",
            run: "click",
        },
        {
            content: "the symbol MISA does not list is named before any invoice fails",
            trigger: ".o_notification:contains(Chưa đăng ký tại MISA meInvoice cho công ty này):contains(TZY)",
        },
        screenshot("settings_symbols_unknown", "body", { keepNotifications: true }),
    ],
});
