import { registry } from "@web/core/registry";

/**
 * The buyer's public lookup page, logged out, from a QR code: the code arrives in the
 * #fragment and is posted (the address bar is cleaned), the invoice shows; a wrong code
 * says "not found"; the next try is over the limit the test left for this address.
 */
registry.category("web_tour.tours").add("l10n_vn_einvoice_lookup", {
    steps: () => [
        {
            content: "the QR's code was posted: the invoice is shown, accepted",
            trigger: ".o_lookup_result .o_lookup_status:contains('Đã chấp nhận')",
            run() {
                if (window.location.hash || window.location.search) {
                    throw new Error(`the code stayed in the address bar: ${window.location}`);
                }
            },
        },
        {
            content: "the seller and the total are shown, with PDF and XML downloads",
            trigger: ".o_lookup_result:has(.o_lookup_total:contains('VND')):has(button[value='pdf']):has(button[value='xml'])",
        },
        {
            content: "the page says where the code is printed",
            trigger: ".o_lookup_form .form-text:contains('cash-register code')",
        },
        {
            content: "type a wrong code",
            trigger: ".o_lookup_form input[name='code']",
            run: "edit ZZZZZZZZZZ",
        },
        {
            content: "look it up",
            trigger: ".o_lookup_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "not found, and nothing of the invoice is shown",
            trigger: ".o_lookup_not_found",
            run() {
                if (document.querySelector(".o_lookup_result")) {
                    throw new Error("a result is shown for a wrong code");
                }
            },
        },
        {
            content: "try again",
            trigger: ".o_lookup_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "too many tries from this address: the page says when to come back",
            trigger: ".o_lookup_too_many:contains('minutes')",
        },
    ],
});
