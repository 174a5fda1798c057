/**
 * Accounting settings with MISA meInvoice as the provider: the AppID goes in "Provider
 * account" (shown), the account password used by VNPT and BKAV is hidden; Test connection
 * obtains a token with that AppID and lists the symbols registered at the provider.
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("l10n_vn_einvoice_settings_misa", {
    steps: () => [
        {
            content: "the AppID field is offered, with the AppID (the page has loaded)",
            trigger: ".o_field_widget[name=l10n_vn_einvoice_account] input:value(0b3e2f1c-5a4d-4c3b-9e8f-5a6d7c8b9a00)",
        },
        {
            content: "the account password (VNPT, BKAV) is not",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=l10n_vn_einvoice_account_password]))",
        },
        {
            content: "test the connection",
            trigger: "button[name=action_l10n_vn_einvoice_test_connection]",
            run: "click",
        },
        {
            content: "MISA meInvoice answers with a token and the registered symbols",
            trigger: ".o_notification:contains(Kết nối MISA meInvoice tốt):contains(token issued):contains(1C26TAA)",
        },
    ],
});
