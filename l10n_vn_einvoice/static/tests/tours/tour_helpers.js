/** Steps shared by the back-office tours of l10n_vn_einvoice. */
import { expectedServerErrors } from "./server_errors_fail_tours";

/** The next server error containing `text` is expected: it does not fail the tour. */
export function expectServerError(text) {
    return {
        content: `a server error saying "${text}" is expected`,
        trigger: "body",
        run() {
            expectedServerErrors.push(text);
        },
    };
}

/**
 * A screenshot of the page (or of `selector`'s box) written by the Python test into
 * artifacts/<name>.png (tests/tour_browser.py); the step waits until it is written.
 */
export function screenshot(name, selector = "body", { keepNotifications = false } = {}) {
    return {
        content: `screenshot ${name}`,
        trigger: selector,
        async run() {
            // the headless browser blocks the download windows; their notices are not
            // what the picture is about (hidden, not removed: the web client owns them)
            const hide = document.createElement("style");
            hide.textContent = ".o_notification_manager { visibility: hidden !important; }";
            if (!keepNotifications) {
                document.head.appendChild(hide);
            }
            let clip = null;
            if (selector !== "body") {
                const box = this.anchor.getBoundingClientRect();
                clip = {
                    x: box.left + window.scrollX,
                    y: box.top + window.scrollY,
                    width: Math.ceil(box.width),
                    height: Math.ceil(box.height),
                };
            }
            console.log("l10n_vn_einvoice.screenshot:" + JSON.stringify({ name, clip }));
            const deadline = Date.now() + 20000;
            while (!(window.l10nVnShots || []).includes(name)) {
                if (Date.now() > deadline) {
                    throw new Error(`screenshot ${name} was not written`);
                }
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
            hide.remove();
        },
    };
}

/** Pick `label` in the autocomplete of the many2one `name` (in `scope`). */
export function pickMany2one(name, text, label = text, scope = "") {
    return [
        {
            content: `type ${text} in ${name}`,
            trigger: `${scope} [name=${name}] input`,
            run: `edit ${text}`,
        },
        {
            content: `pick ${label}`,
            trigger: `.o-autocomplete--dropdown-item a:contains(${label})`,
            run: "click",
        },
    ];
}

/** Add invoice line number `row` with `product` (the product's taxes come with it). */
export function addInvoiceLine(product, row) {
    const line = `div[name=invoice_line_ids] .o_data_row:nth-child(${row})`;
    return [
        {
            content: "add a line",
            trigger: "div[name=invoice_line_ids] .o_field_x2many_list_row_add a:first",
            run: "click",
        },
        {
            content: `type ${product} on line ${row}`,
            trigger: `${line}.o_selected_row [name=product_id] input`,
            run: `edit ${product}`,
        },
        {
            content: `pick ${product}`,
            trigger: `.o-autocomplete--dropdown-item a:contains(${product})`,
            run: "click",
        },
        {
            content: `${product} brought its tax to line ${row}`,
            trigger: `${line} td[name=tax_ids] .o_tag`,
        },
    ];
}

/**
 * The screen is left as it is and the e-invoice worker runs: the Python test runs the
 * outbox when the browser logs this mark (tests/test_tour_live_status.py).  The page
 * is marked, so the step that follows can tell that it was not reloaded.
 */
export function runWorkerWhileWaiting(trigger) {
    return {
        content: "nothing is clicked: the e-invoice worker runs in the background",
        trigger,
        run() {
            window.l10nVnSamePage = true;
            console.log("l10n_vn_einvoice.run_worker");
        },
    };
}

/** The status shown by `trigger` changed by itself, on the same page (no reload). */
export function changedWithoutReload(content, trigger) {
    return {
        content,
        trigger,
        timeout: 60000,
        run() {
            if (!window.l10nVnSamePage) {
                throw new Error("the page was reloaded");
            }
        },
    };
}
