import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The landing page of a QR code: the code, the seller's tax ID and the total come in the
 * URL's #fragment, which browsers never send to the server (no access log keeps them).
 * They are copied into the form, the address bar is cleaned, and the form is posted.
 * An old QR code with a ?query string is read the same way (the server ignores it).
 */
export class EinvoiceLookupFragment extends Interaction {
    static selector = ".o_l10n_vn_einvoice_lookup";

    start() {
        const params = new URLSearchParams(window.location.hash.slice(1));
        const legacy = new URLSearchParams(window.location.search);
        const read = (name) => params.get(name) || legacy.get(name) || "";
        const values = {
            code: read("code"),
            mst: read("mst"),
            amount: read("amount") || read("total"),
        };
        if (!window.location.hash && !window.location.search) {
            return;
        }
        window.history.replaceState(null, "", window.location.pathname);
        const form = this.el.querySelector("form.o_lookup_form");
        if (!form || !values.code) {
            return;
        }
        for (const [name, value] of Object.entries(values)) {
            form.querySelector(`input[name='${name}']`).value = value.slice(0, 40);
        }
        form.requestSubmit();
    }
}

registry
    .category("public.interactions")
    .add("l10n_vn_einvoice.lookup_fragment", EinvoiceLookupFragment);
