"""The browser of the back-office tours: a Vietnamese user's clock, and screenshots asked
for by a tour step, written to ``artifacts/`` (git-ignored).

The headless browser runs on the machine's zone (UTC here) and the web client shows
times in the browser's zone: :func:`vietnam_clock` sets it to Asia/Ho_Chi_Minh, as on a
computer in Vietnam.

Odoo's browser only captures the page when a tour fails.  A tour step made with
``screenshot(name, selector)`` (``static/tests/tours/tour_helpers.js``) logs a marker with
the name and the box to capture, then waits until the page is told the file is written,
so the picture is of that moment and not of a later step.  The capture is asked from the
browser's event thread without waiting on it (it would wait on itself)."""

import base64
import json
from pathlib import Path

from odoo.tests.common import ChromeBrowser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
MARK = "l10n_vn_einvoice.screenshot:"


def vietnam_clock(test):
    """Every browser of ``test`` shows times as a computer in Vietnam does."""
    original = ChromeBrowser.navigate_to

    def navigate_to(browser, url, wait_stop=False):
        browser._websocket_request("Emulation.setTimezoneOverride",
                                   params={"timezoneId": "Asia/Ho_Chi_Minh"})
        return original(browser, url, wait_stop=wait_stop)

    test.patch(ChromeBrowser, "navigate_to", navigate_to)


class TourScreenshots:
    """Install with :meth:`patch_browser` in a test; ``taken`` lists the files written."""

    def __init__(self, directory=ARTIFACTS):
        self.directory = directory
        self.taken = []
        self.failures = []

    def patch_browser(self, test):
        original = ChromeBrowser._handle_console
        shots = self

        def handle_console(browser, **event):
            # the browser makes a new ChromeBrowser per tour and binds its handlers then,
            # so patching the class before the tour starts is enough
            first = (event.get("args") or [{}])[0].get("value")
            if event.get("type") == "log" and isinstance(first, str) and first.startswith(MARK):
                shots._capture(browser, json.loads(first[len(MARK):]))
            return original(browser, **event)

        test.patch(ChromeBrowser, "_handle_console", handle_console)

    def _capture(self, browser, request):
        name = request["name"]
        params = {"format": "png"}
        if request.get("clip"):  # an element, maybe taller than the window
            params.update(clip=dict(request["clip"], scale=1), captureBeyondViewport=True)
        future = browser._websocket_send("Page.captureScreenshot", params=params,
                                         with_future=True)

        def written(done):
            try:
                data = done.result(timeout=0)["data"]
                target = self.directory / f"{name}.png"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(data))
                self.taken.append(target)
            except Exception as error:  # reported by assert_taken, not lost
                self.failures.append(f"{name}: {error}")
            browser._websocket_send("Runtime.evaluate", params={
                "expression": f"(window.l10nVnShots ||= []).push({json.dumps(name)})"})

        future.add_done_callback(written)

    def assert_taken(self, test, *names):
        test.assertEqual(self.failures, [])
        for name in names:
            path = self.directory / f"{name}.png"
            test.assertIn(path, self.taken, f"screenshot {name} was not taken")
            test.assertGreater(path.stat().st_size, 5_000, f"screenshot {name} is empty")
