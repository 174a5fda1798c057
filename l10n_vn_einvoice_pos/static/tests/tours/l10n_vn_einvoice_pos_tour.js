/* global posmodel */
import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as OfflineUtil from "@point_of_sale/../tests/generic_helpers/offline_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import * as TicketScreen from "@point_of_sale/../tests/pos/tours/utils/ticket_screen_util";
import * as Numpad from "@point_of_sale/../tests/generic_helpers/numpad_util";
import { inLeftSide } from "@point_of_sale/../tests/pos/tours/utils/common";
import { run } from "@point_of_sale/../tests/generic_helpers/utils";
import { registry } from "@web/core/registry";
import { screenshot } from "@l10n_vn_einvoice/../tests/tours/tour_helpers";

const CODE_RE = /^M1-\d{2}-AB12C-\d{11}$/;

/** With a single payment method the POS puts the whole amount on it by itself. */
function sell(product) {
    return [ProductScreen.addOrderline(product, "1"), ProductScreen.clickPayButton()];
}

function receiptHasCode(label) {
    return [
        {
            content: `receipt shows a cash-register code (${label})`,
            trigger: ".pos-receipt .l10n-vn-code",
            run: function () {
                const code = document.querySelector(".pos-receipt .l10n-vn-code").textContent;
                if (!CODE_RE.test(code.trim())) {
                    throw new Error(`receipt code ${code} is not a cash-register code`);
                }
                window.localStorage.setItem(`l10n_vn_tour.${label}`, code.trim());
            },
        },
        { content: "receipt shows the QR", trigger: ".pos-receipt img.l10n-vn-qrcode" },
        {
            content: "receipt offers the invoice in the buyer's name (Odoo's ticket QR)",
            trigger: ".pos-receipt .l10n-vn-ticket-request ~ .unique-code",
        },
        {
            content: "receipt is a valid invoice",
            trigger: ".pos-receipt:not(:has(.l10n-vn-invalid))",
        },
    ];
}

function buyer(taxCode) {
    return [
        { content: "open buyer", trigger: ".l10n-vn-buyer-button", run: "click" },
        {
            content: "type MST",
            trigger: ".l10n-vn-buyer-dialog input[name=buyer_tax_code]",
            run: `edit ${taxCode}`,
        },
        { content: "confirm buyer", trigger: ".l10n-vn-buyer-confirm", run: "click" },
    ];
}

/** The payment numpad of a VND register: Vietnamese banknotes, each adding its value. */
function quickCashInBanknotes() {
    const notes = ["10.000", "20.000", "50.000", "100.000", "200.000", "500.000"];
    return [
        {
            content: "quick-cash buttons are the Vietnamese banknotes, not +10/+20/+50",
            trigger: ".payment-screen .numpad .l10n-vn-banknote",
            run() {
                const shown = [...document.querySelectorAll(".payment-screen .numpad button")]
                    .map((button) => button.textContent.trim());
                const banknotes = [
                    ...document.querySelectorAll(".payment-screen .numpad .l10n-vn-banknote"),
                ].map((button) => button.textContent.trim());
                if (banknotes.sort().join() !== [...notes].sort().join()) {
                    throw new Error(`quick-cash buttons are ${banknotes}`);
                }
                if (shown.some((text) => ["+10", "+20", "+50"].includes(text))) {
                    throw new Error(`Odoo's +10/+20/+50 are still shown: ${shown}`);
                }
            },
        },
        { content: "the buyer hands 50.000", trigger: ".numpad button:contains('50.000'):not(:contains('500'))", run: "click" },
        { content: "and 10.000", trigger: ".numpad button:contains('10.000'):not(:contains('100'))", run: "click" },
        {
            content: "the tendered amount is 60.000 đồng",
            trigger: ".paymentline .payment-amount",
            run() {
                const text = document.querySelector(".paymentlines").textContent;
                if (!text.includes("60.000")) {
                    throw new Error(`tendered: ${text}`);
                }
            },
        },
    ];
}

registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_sales", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // 1. no buyer: code + QR on the receipt
            sell("Món 0"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            receiptHasCode("anonymous"),
            {
                content: "anonymous buyer wording",
                trigger: ".pos-receipt .l10n-vn-buyer:contains('Bán cho người tiêu dùng')",
            },
            ReceiptScreen.clickNextOrder(),
            // 2. invalid MST: blocked in the dialog with the reason
            sell("Món 1"),
            buyer("0301234563"),
            {
                content: "invalid MST is refused with the reason",
                trigger: ".l10n-vn-buyer-error:contains('check digit'):contains('chữ số kiểm tra')",
            },
            {
                content: "fix the MST",
                trigger: ".l10n-vn-buyer-dialog input[name=buyer_tax_code]",
                run: "edit 0301234562",
            },
            { content: "confirm buyer", trigger: ".l10n-vn-buyer-confirm", run: "click" },
            // a tax code without the buyer's name and address: refused, in both languages
            {
                content: "a tax code needs the buyer's name and address",
                trigger: ".l10n-vn-buyer-error:contains('needs its name and address'):contains('Người mua có mã số thuế phải có tên và địa chỉ')",
            },
            {
                content: "the company name",
                trigger: ".l10n-vn-buyer-dialog input[name=buyer_company_name]",
                run: "edit Công ty TNHH Khách Hàng",
            },
            {
                content: "the address",
                trigger: ".l10n-vn-buyer-dialog input[name=buyer_address]",
                run: "edit 12 Nguyễn Huệ, TP. Hồ Chí Minh",
            },
            { content: "confirm buyer", trigger: ".l10n-vn-buyer-confirm", run: "click" },
            {
                content: "the dialog closed on the complete buyer",
                trigger: ".l10n-vn-buyer-button:contains(Công ty TNHH Khách Hàng)",
            },
            quickCashInBanknotes(),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            receiptHasCode("buyer"),
            {
                content: "buyer's name, MST and address on the receipt",
                trigger: ".pos-receipt .l10n-vn-buyer:contains('Công ty TNHH Khách Hàng'):contains('0301234562'):contains('12 Nguyễn Huệ')",
            },
            ReceiptScreen.clickNextOrder(),
            // 3. offline: the code comes from the local block
            OfflineUtil.setOfflineMode(),
            sell("Món 2"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
            Dialog.confirm("Continue with limited functionality"),
            receiptHasCode("offline"),
            ReceiptScreen.clickNextOrder(),
            OfflineUtil.setOnlineMode(),
            run(async () => {
                await posmodel.syncAllOrders();
            }, "reconnect and sync"),
            ProductScreen.isShown(),
        ].flat(3),
});

/**
 * The receipt laid on paper of `paperMm` (printed width `printedMm`) at the printer's
 * font size, for a screenshot of what a 58 mm or 80 mm printer gives.
 */
function onPaper(paperMm, printedMm, fontPx) {
    const name = `receipt_${paperMm}mm`;
    return [
        {
            content: `lay the receipt on ${paperMm} mm paper`,
            trigger: ".pos-receipt",
            run() {
                document.querySelector(".l10n-vn-paper")?.remove();
                const paper = document.createElement("div");
                paper.className = "l10n-vn-paper";
                Object.assign(paper.style, {
                    position: "absolute", left: "0", top: "0", zIndex: "100000",
                    width: `${printedMm}mm`, fontSize: `${fontPx}px`, background: "white",
                });
                const receipt = this.anchor.cloneNode(true);
                receipt.style.width = "100%";
                paper.appendChild(receipt);
                document.body.appendChild(paper);
            },
        },
        {
            content: `nothing of the VAT table overflows at ${paperMm} mm`,
            trigger: ".l10n-vn-paper .l10n-vn-rates",
            run() {
                for (const cell of this.anchor.querySelectorAll("td, th")) {
                    if (cell.scrollWidth > cell.clientWidth + 1) {
                        throw new Error(`"${cell.textContent}" is cut at ${paperMm} mm`);
                    }
                }
            },
        },
        screenshot(name, ".l10n-vn-paper"),
    ];
}

registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_receipt", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.addOrderline("Món 1", "2"),
            ProductScreen.addOrderline("Món 3", "1"),
            ProductScreen.addOrderline("Sách giáo khoa", "1"),
            ProductScreen.clickPayButton(),
            {
                content: "the buyer button has its whole label",
                trigger: ".l10n-vn-buyer-button:contains(Người mua trên hóa đơn / E-invoice buyer)",
                run() {
                    if (this.anchor.scrollWidth > this.anchor.clientWidth + 1) {
                        throw new Error("the buyer button's label is cut");
                    }
                },
            },
            { content: "open buyer", trigger: ".l10n-vn-buyer-button", run: "click" },
            {
                content: "each field has its label",
                trigger: ".l10n-vn-buyer-dialog label[for=l10n_vn_buyer_company_name]:contains(Tên đơn vị)",
            },
            {
                content: "company name",
                trigger: ".l10n-vn-buyer-dialog input[name=buyer_company_name]",
                run: "edit Công ty TNHH Mua Sỉ",
            },
            {
                content: "MST",
                trigger: ".l10n-vn-buyer-dialog input[name=buyer_tax_code]",
                run: "edit 0301234562",
            },
            {
                content: "address, needed on a VAT invoice for a company",
                trigger: ".l10n-vn-buyer-dialog input[name=buyer_address]",
                run: "edit 5 Lê Duẩn, Phường Sài Gòn, TP. Hồ Chí Minh",
            },
            {
                content: "the person buying",
                trigger: ".l10n-vn-buyer-dialog input[name=buyer_name]",
                run: "edit Trần Thị Bình",
            },
            { content: "confirm buyer", trigger: ".l10n-vn-buyer-confirm", run: "click" },
            {
                content: "the button names the buyer",
                trigger: ".l10n-vn-buyer-button:contains(Công ty TNHH Mua Sỉ)",
            },
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            receiptHasCode("screenshot"),
            {
                content: "KCT is written as such, not as 0 %",
                trigger: ".pos-receipt .l10n-vn-rate td:first-child:contains(KCT)",
            },
            {
                content: "one VAT breakdown: Odoo's tax lines are not printed",
                trigger: ".pos-receipt:not(:has(.pos-receipt-taxes))",
            },
            {
                content: "issued in Vietnam time, whatever the till's zone",
                trigger: ".pos-receipt .l10n-vn-issued",
                run() {
                    const now = new Date();
                    const hour = String((now.getUTCHours() + 7) % 24).padStart(2, "0");
                    const text = this.anchor.textContent.trim();
                    const printed = text.slice(11, 13);
                    const before = String((Number(hour) + 23) % 24).padStart(2, "0");
                    if (printed !== hour && printed !== before) {
                        throw new Error(`issued at ${text}: not Vietnam time (hour ${hour})`);
                    }
                },
            },
            {
                content: "buyer block: company, person, MST and address",
                trigger: ".pos-receipt .l10n-vn-buyer:contains('Công ty TNHH Mua Sỉ'):contains('Trần Thị Bình'):contains('MST: 0301234562'):contains('5 Lê Duẩn')",
            },
            {
                content: "status first shows pending",
                trigger: ".l10n-vn-status:contains('pending')",
            },
            {
                content: "status turns to accepted while the receipt stays open",
                trigger: ".l10n-vn-status:contains('accepted / đã được chấp nhận')",
                timeout: 30000,
            },
            onPaper(80, 72, 14),
            onPaper(58, 48, 12),
        ].flat(3),
});

/** Refund of the first paid order of the session, with the reason typed at the till. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_refund", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            sell("Món 1"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            receiptHasCode("sold"),
            ReceiptScreen.clickNextOrder(),
            Chrome.clickOrders(),
            TicketScreen.selectFilter("Paid"),
            TicketScreen.selectOrder("001"),
            inLeftSide(Numpad.click("1")),
            TicketScreen.confirmRefund(),
            PaymentScreen.isShown(),
            PaymentScreen.clickValidate(),
            {
                content: "the refund asks for its reason",
                trigger: ".modal:contains('Refund reason') textarea",
                run: "edit Khách trả lại hàng lỗi",
            },
            { content: "apply the reason", trigger: ".modal .btn-primary:contains('Apply')", run: "click" },
            ReceiptScreen.isShown(),
            receiptHasCode("refund"),
            ReceiptScreen.clickNextOrder(),
        ].flat(3),
});

/** Two sales to leave queued; the test then fails their transmission. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_two_sales", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            sell("Món 1"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            receiptHasCode("first"),
            ReceiptScreen.clickNextOrder(),
            sell("Món 2"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            receiptHasCode("second"),
            ReceiptScreen.clickNextOrder(),
            ProductScreen.isShown(),
        ].flat(3),
});

/** Closing with the two sales untransmitted: listed, then closed anyway. */
registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_close", {
    steps: () =>
        [
            Chrome.startPoS(),
            ProductScreen.isShown(),
            Chrome.clickMenuOption("Close Register"),
            {
                content: "the closing screen lists both untransmitted invoices",
                trigger: ".close-pos-popup .l10n-vn-untransmitted:contains('2 e-invoices not yet transmitted')",
                run: function () {
                    const rows = document.querySelectorAll(".close-pos-popup .l10n-vn-untransmitted > div");
                    const codes = [...rows].map((row) => row.textContent.trim().split(" ")[0]);
                    if (codes.length !== 2 || !codes.every((code) => CODE_RE.test(code))) {
                        throw new Error(`untransmitted rows are not two codes: ${codes}`);
                    }
                },
            },
            {
                content: "count the cash as expected",
                trigger: ".close-pos-popup .cash-input + button.fa-clone, .close-pos-popup button.fa-clone",
                run: "click",
            },
            {
                content: "close the register",
                trigger: ".modal .modal-footer .btn:contains(close register)",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "back in the backend",
                trigger: "button:contains(backend)",
                run: "click",
                expectUnloadPage: true,
            },
        ].flat(3),
});
