/* global posmodel */
/**
 * The register through midnight on New Year's Eve (Vietnam time) and a household
 * business's reduction line, with the browser's clock moved by the test
 * (tests/browser_clock.py): what the receipt says and what the order carries.
 */
import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

const CLOCK_KEY = "l10n_vn_einvoice.test_clock";

function clockAt(iso) {
    return {
        content: `the register's clock reads ${iso}`,
        trigger: "body",
        run: () => {
            window.localStorage.setItem(CLOCK_KEY, String(Date.parse(iso) - window.__l10nVnRealNow()));
        },
    };
}

function receiptCode(prefix) {
    return {
        content: `the receipt's code starts with ${prefix}`,
        trigger: `.pos-receipt .l10n-vn-code:contains('${prefix}')`,
    };
}

function lastOrderCheck(content, check) {
    return {
        content,
        trigger: ".pos-receipt",
        run: () => {
            const orders = posmodel.models["pos.order"].filter((o) => o.state !== "draft");
            const problem = check(orders.at(-1));
            if (problem) {
                throw new Error(problem);
            }
        },
    };
}

function sale(product, quantity) {
    return [
        ProductScreen.addOrderline(product, quantity),
        ProductScreen.clickPayButton(),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
    ];
}

registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_midnight", {
    steps: () =>
        [
            clockAt("2026-12-31T23:58:30+07:00"),
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            clockAt("2026-12-31T23:59:40+07:00"),
            sale("Bánh chưng", "1"),
            receiptCode("M1-26-AB12C-"),
            { content: "8 % on the last sale of 2026", trigger: ".pos-receipt .l10n-vn-rate:contains('8%')" },
            ReceiptScreen.clickNextOrder(),
            clockAt("2027-01-01T00:00:05+07:00"),
            sale("Bánh chưng", "1"),
            receiptCode("M1-27-AB12C-"),
            { content: "10 % from 1 January 2027", trigger: ".pos-receipt .l10n-vn-rate:contains('10%')" },
            lastOrderCheck("the line carries the 10 % tax and the price is unchanged", (order) => {
                const line = order.lines[0];
                if (line.tax_ids.map((t) => t.amount).join() !== "10") {
                    return `taxes ${line.tax_ids.map((t) => t.amount)} on a 2027 sale`;
                }
                if (order.priceIncl !== 108000) {
                    return `the buyer paid ${order.priceIncl}, not the shelf price 108000`;
                }
            }),
            ReceiptScreen.clickNextOrder(),
        ].flat(3),
});

registry.category("web_tour.tours").add("l10n_vn_einvoice_pos_household", {
    steps: () =>
        [
            clockAt("2026-12-31T20:00:00+07:00"),
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            sale("Phở bò", "2"),
            {
                content: "the reduction and its prescribed note are on the receipt",
                trigger:
                    ".pos-receipt:contains('Đã giảm 1.300 đồng tương ứng 20% mức tỷ lệ % để tính " +
                    "thuế giá trị gia tăng theo Nghị quyết số 204/2025/QH15')",
            },
            lastOrderCheck("the buyer pays 130 000 less 1 300", (order) =>
                order.priceIncl === 128700 ? "" : `total ${order.priceIncl}`
            ),
            ReceiptScreen.clickNextOrder(),
            clockAt("2027-01-01T09:00:00+07:00"),
            sale("Phở bò", "1"),
            lastOrderCheck("no reduction in 2027", (order) =>
                order.priceIncl === 65000 && order.lines.length === 1
                    ? ""
                    : `total ${order.priceIncl} with ${order.lines.length} lines`
            ),
            ReceiptScreen.clickNextOrder(),
        ].flat(3),
});
