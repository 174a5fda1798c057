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
