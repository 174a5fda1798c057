import { registry } from "@web/core/registry";

/** The e-invoice list, then the form of an accepted e-invoice: what was issued and
 *  what can be done with it. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_document_form", {
    steps: () => [
        {
            // the user's numeric format (dd/mm/yyyy in Vietnamese), never "Nov 20"/"20 thg 11"
            content: "the list prints the issue date with its year",
            trigger: ".o_list_view .o_data_row td.o_data_cell[name=issue_date]:contains(2026)",
            run: function () {
                const shown = this.anchor.textContent.trim();
                if (!/^\d{2}\/\d{2}\/2026$/.test(shown)) {
                    throw new Error(`issue date shown: "${shown}"`);
                }
            },
        },
        {
            content: "the list shows the accepted e-invoice",
            trigger:
                ".o_list_view .o_data_row:contains(Accepted) td.o_data_cell[name=symbol]:contains(C26TAA)",
            run: "click",
        },
        {
            content: "its form opens on the accepted state",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Accepted)",
        },
        {
            content: "the tax authority's code is shown",
            trigger: ".o_form_view .o_field_widget[name=tax_authority_code]",
            run: function () {
                const input = this.anchor.querySelector("input");
                const code = (input ? input.value : this.anchor.textContent).trim();
                if (!/^00[0-9A-F]{32}$/.test(code)) {
                    throw new Error(`tax authority code shown: "${code}"`);
                }
            },
        },
        {
            content: "the form prints the issue date with its year",
            trigger: ".o_form_view .o_field_widget[name=issue_date]:contains(2026)",
            run: function () {
                const input = this.anchor.querySelector("input");
                const shown = (input ? input.value : this.anchor.textContent).trim();
                if (!/^\d{2}\/\d{2}\/2026$/.test(shown)) {
                    throw new Error(`issue date shown: "${shown}"`);
                }
            },
        },
        {
            content: "the XML's file name is a download link, not the attachment's form",
            trigger: ".o_form_view .o_field_widget[name=xml_attachment_id] a.o_l10n_vn_einvoice_download[download]",
            run: function () {
                const href = this.anchor.getAttribute("href");
                if (!/^\/web\/content\/\d+\?download=true$/.test(href)) {
                    throw new Error(`download link: "${href}"`);
                }
                if (!this.anchor.textContent.trim().endsWith(".xml")) {
                    throw new Error(`file name shown: "${this.anchor.textContent}"`);
                }
            },
        },
        {
            content: "the status can be checked and the XML downloaded",
            trigger:
                ".o_form_view .o_form_statusbar:has(button[name=action_check_status]):has(button[name=action_download_xml])",
        },
        {
            content: "an accepted e-invoice can be adjusted or replaced by a manager",
            trigger: ".o_form_view button[name=action_l10n_vn_einvoice_correct]",
        },
    ],
});
