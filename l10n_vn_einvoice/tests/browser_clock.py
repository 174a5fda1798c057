"""A movable clock for the tour's browser, so a tour can live through midnight on New
Year's Eve in Vietnam while the server keeps its real time.

Before any page script runs, ``Date`` (and so luxon, which the POS uses for the issue
date, the code's year and the VAT rules) is shifted by an offset the tour sets through
``localStorage`` (see ``clockAt`` in the tours); timers and the tour engine do not read
``Date``, so moving the clock does not disturb them.
"""

from odoo.tests.common import ChromeBrowser

CLOCK_KEY = "l10n_vn_einvoice.test_clock"
MOVABLE_CLOCK_JS = """(() => {
    const RealDate = Date;
    const offset = () => Number(window.localStorage.getItem("CLOCK_KEY") || 0);
    class MovedDate extends RealDate {
        constructor(...args) {
            if (args.length) { super(...args); } else { super(RealDate.now() + offset()); }
        }
        static now() { return RealDate.now() + offset(); }
    }
    window.__l10nVnRealNow = () => RealDate.now();
    window.Date = MovedDate;
})();""".replace("CLOCK_KEY", CLOCK_KEY)


def movable_browser_clock(test):
    """Patch ``test``'s browser so every page it opens gets the movable clock."""
    navigate = ChromeBrowser.navigate_to

    def navigate_with_clock(browser, url, wait_stop=False):
        if not getattr(browser, "_l10n_vn_clock", False):
            browser._websocket_request("Page.addScriptToEvaluateOnNewDocument",
                                       params={"source": MOVABLE_CLOCK_JS})
            browser._l10n_vn_clock = True
        return navigate(browser, url, wait_stop=wait_stop)

    test.patch(ChromeBrowser, "navigate_to", navigate_with_clock)
