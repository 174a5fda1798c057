/** Buyer details of the e-invoice typed at the till (all optional for retail, BR-10). */
import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { checkBuyerTaxId, checkPersonalId } from "./tax_ids";

// Order field, input name, label and hint, in the order a cashier asks for them.
export const BUYER_FIELDS = [
    {
        key: "l10n_vn_einvoice_buyer_company_name",
        name: "buyer_company_name",
        label: "Tên đơn vị / Company name",
        placeholder: "Công ty TNHH …",
    },
    {
        key: "l10n_vn_einvoice_buyer_tax_code",
        name: "buyer_tax_code",
        label: "Mã số thuế / Tax code (MST)",
        placeholder: "10 hoặc 13 số; 12 số nếu là cá nhân",
        inputmode: "numeric",
    },
    {
        key: "l10n_vn_einvoice_buyer_address",
        name: "buyer_address",
        label: "Địa chỉ / Address",
        placeholder: "Số nhà, đường, phường/xã, tỉnh/thành phố",
    },
    {
        key: "l10n_vn_einvoice_buyer_name",
        name: "buyer_name",
        label: "Họ tên người mua / Buyer's name",
        placeholder: "Nguyễn Văn An",
    },
    {
        key: "l10n_vn_einvoice_buyer_personal_id",
        name: "buyer_personal_id",
        label: "Số định danh cá nhân / Personal ID",
        placeholder: "12 số",
        inputmode: "numeric",
    },
    {
        key: "l10n_vn_einvoice_buyer_phone",
        name: "buyer_phone",
        label: "Điện thoại / Phone",
        inputmode: "tel",
    },
    {
        key: "l10n_vn_einvoice_buyer_email",
        name: "buyer_email",
        label: "Thư điện tử / E-mail",
        placeholder: "để nhận hóa đơn / to receive the invoice",
        inputmode: "email",
    },
];

export class EinvoiceBuyerDialog extends Component {
    static template = "l10n_vn_einvoice.EinvoiceBuyerDialog";
    static components = { Dialog };
    static props = { order: Object, close: Function };

    setup() {
        this.fields = BUYER_FIELDS;
        this.state = useState({ error: "" });
        for (const { key } of BUYER_FIELDS) {
            this.state[key] = this.props.order[key] || "";
        }
    }

    confirm() {
        const checks = [
            ["l10n_vn_einvoice_buyer_tax_code", checkBuyerTaxId],
            ["l10n_vn_einvoice_buyer_personal_id", checkPersonalId],
        ];
        for (const [key, check] of checks) {
            if (this.state[key].trim()) {
                const result = check(this.state[key]);
                if (!result.ok) {
                    this.state.error = `${result.message}\n${result.messageVi}`;
                    return;
                }
                this.state[key] = result.value;
            }
        }
        for (const { key } of BUYER_FIELDS) {
            this.props.order[key] = this.state[key].trim() || false;
        }
        this.props.close();
    }
}
