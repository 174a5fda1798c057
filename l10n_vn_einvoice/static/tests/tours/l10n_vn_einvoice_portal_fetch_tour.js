/**
 * A sales reconciliation fetched from the tax portal (the sandbox plays it): the accountant
 * opens the fetch from the reconciliation, sees the portal's captcha image, types the
 * password and the characters, fetches; the reconciliation then shows our e-invoices
 * matched, the portal's sale that is not ours, and our e-invoice missing at the portal.
 */
import { registry } from "@web/core/registry";
import { screenshot } from "./tour_helpers";

const LINES = ".o_field_one2many[name=line_ids]";
const DIALOG = ".modal .o_form_view";

registry.category("web_tour.tours").add("l10n_vn_einvoice_portal_fetch", {
    steps: () => [
        {
            content: "open the fetch from the tax portal",
            trigger: ".o_form_view button[name=action_open_fetch]",
            run: "click",
        },
        {
            content: "the portal's captcha is shown as an image",
            trigger: `${DIALOG} .o_field_widget[name=captcha_image] img[src^='data:image/svg+xml']`,
        },
        {
            content: "the login is the company's tax code",
            trigger: `${DIALOG} .o_field_widget[name=username] input:value(0109744141)`,
        },
        {
            content: "type the password",
            trigger: `${DIALOG} .o_field_widget[name=password] input[type=password]`,
            run: "edit Mk-tour-9sQ!",
        },
        {
            content: "type the characters of the image",
            trigger: `${DIALOG} .o_field_widget[name=captcha_text] input`,
            run: "edit K7mPq2",
        },
        screenshot("portal_fetch_captcha"),
        {
            content: "fetch",
            trigger: `.modal button[name=action_fetch]`,
            run: "click",
        },
        {
            content: "the dialog closed and the fetched file is on the reconciliation",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=file_ids]:contains(hoadondientu.gdt.gov.vn)",
        },
        {
            content: "two of our e-invoices are matched",
            trigger: ".o_form_view .o_field_widget[name=count_matched]:contains(2)",
        },
        {
            content: "the portal's sale no. 99999 (99.999 in Vietnamese) is not ours",
            trigger: `${LINES} .o_data_row:contains(99.999):contains(Có trên cổng, chưa ghi sổ)`,
        },
        {
            content: "our third e-invoice is missing at the portal",
            trigger: `${LINES} .o_data_row:contains(Đã ghi sổ, không có trên cổng)`,
        },
        screenshot("portal_fetch_sales"),
    ],
});
