/**
 * Quick-cash buttons in Vietnamese banknotes.  Odoo's payment numpad adds +10/+20/+50 to
 * the tendered amount, which in đồng are coins nobody holds; a VND register gets the
 * notes a buyer hands over instead: 10.000, 20.000, 50.000, 100.000, 200.000, 500.000
 * (a fifth column).  The notes add up: 50.000 then 10.000 tenders 60.000.
 */
import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import {
    BACKSPACE,
    DECIMAL,
    SWITCHSIGN,
    ZERO,
} from "@point_of_sale/app/components/numpad/numpad";
import { patch } from "@web/core/utils/patch";

export const VND_BANKNOTES = [10000, 20000, 50000, 100000, 200000, 500000];

/** 10000 → "10.000", as banknotes (and Vietnamese) write it whatever the UI language. */
export function banknoteLabel(value) {
    return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

function banknote(value) {
    return {
        value: `+${value}`,
        text: banknoteLabel(value),
        class: "o_colorlist_item_numpad_color_10 l10n-vn-banknote",
    };
}

patch(PaymentScreen.prototype, {
    get l10nVnBanknotes() {
        return this.pos.currency?.name === "VND";
    },

    getNumpadButtons() {
        if (!this.l10nVnBanknotes) {
            return super.getNumpadButtons(...arguments);
        }
        const colors = {
            [DECIMAL.value]: "o_colorlist_item_numpad_color_6",
            Backspace: "o_colorlist_item_numpad_color_1",
            "-": "o_colorlist_item_numpad_color_3",
        };
        const key = (button) => ({ ...button, class: colors[button.value] || "" });
        const [ten, twenty, fifty, hundred, twoHundred, fiveHundred] = VND_BANKNOTES.map(banknote);
        // Five columns, four rows: the class Odoo's numpad derives is "numpad-5-cols".
        return [
            ...[{ value: "1" }, { value: "2" }, { value: "3" }].map(key), ten, hundred,
            ...[{ value: "4" }, { value: "5" }, { value: "6" }].map(key), twenty, twoHundred,
            ...[{ value: "7" }, { value: "8" }, { value: "9" }].map(key), fifty, fiveHundred,
            ...[SWITCHSIGN, ZERO, DECIMAL, BACKSPACE].map(key),
            { value: "", class: "invisible", disabled: true }, // the grid's last cell
        ];
    },

    /** The numpad's keys; a banknote adds its value to the tendered amount. */
    l10nVnNumpadClick(value) {
        if (this.l10nVnBanknotes && VND_BANKNOTES.includes(Number(value.slice(1)))) {
            // Odoo's number buffer takes only its own "+10/+20/+50" keys; its update of
            // the buffer adds any "+N" the same way.  The first note replaces the amount
            // due the screen put on the line (as a typed digit does): the notes handed
            // over are what is tendered.
            const buffer = this.numberBuffer;
            if (buffer.state.buffer === buffer.state.lastSet) {
                buffer.state.buffer = "";
                buffer.state.lastSet = false;
            }
            buffer._updateBuffer(value);
            this.updateSelectedPaymentline();
            return;
        }
        this.numberBuffer.sendKey(value);
    },
});
