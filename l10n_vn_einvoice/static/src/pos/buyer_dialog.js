/** Buyer details of the e-invoice typed at the till (all optional for retail, BR-10). */
import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { checkBuyerTaxId, checkPersonalId } from "./tax_ids";

const FIELDS = [
    "l10n_vn_einvoice_buyer_name",
    "l10n_vn_einvoice_buyer_tax_code",
    "l10n_vn_einvoice_buyer_personal_id",
    "l10n_vn_einvoice_buyer_phone",
    "l10n_vn_einvoice_buyer_email",
];

export class EinvoiceBuyerDialog extends Component {
    static template = "l10n_vn_einvoice.EinvoiceBuyerDialog";
    static components = { Dialog };
    static props = { order: Object, close: Function };

    setup() {
        this.state = useState({ error: "" });
        for (const name of FIELDS) {
            this.state[name] = this.props.order[name] || "";
        }
    }

    confirm() {
        const checks = [
            ["l10n_vn_einvoice_buyer_tax_code", checkBuyerTaxId],
            ["l10n_vn_einvoice_buyer_personal_id", checkPersonalId],
        ];
        for (const [name, check] of checks) {
            if (this.state[name].trim()) {
                const result = check(this.state[name]);
                if (!result.ok) {
                    this.state.error = `${result.message}\n${result.messageVi}`;
                    return;
                }
                this.state[name] = result.value;
            }
        }
        for (const name of FIELDS) {
            this.props.order[name] = this.state[name].trim() || false;
        }
        this.props.close();
    }
}
