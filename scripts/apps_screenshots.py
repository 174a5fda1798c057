"""Screenshots of a running Odoo for the Apps page (static/description/), taken with
headless Chromium through its DevTools protocol.

    python scripts/apps_screenshots.py --url http://127.0.0.1:8069 --db DATABASE \
        --document ID [--login admin --password admin]

Writes ``einvoice_form.png`` (the e-invoice ID) and ``settings.png`` (the Vietnam
e-invoicing block of the settings) into l10n_vn_einvoice/static/description/, at most
900 px wide, as 8-bit palettes to stay small.  The POS receipt comes from the POS tour
(``test_receipt_on_58_and_80_mm_paper`` writes artifacts/receipt_80mm.png and
receipt_58mm.png); ``--receipt FILE`` shrinks one into the POS bridge's
``pos_receipt.png`` the same way.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
import websocket
from PIL import Image

TARGET = Path(__file__).resolve().parent.parent / "l10n_vn_einvoice/static/description"
POS_TARGET = TARGET.parent.parent.parent / "l10n_vn_einvoice_pos/static/description"
WIDTH = 900
DEVTOOLS_PORT = 9250


class Page:
    """One Chromium tab driven over the DevTools websocket."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            answer = json.loads(self.ws.recv())
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression, timeout=60):
        deadline = time.monotonic() + timeout
        while not self.evaluate(f"!!({expression})"):
            if time.monotonic() > deadline:
                raise TimeoutError(expression)
            time.sleep(0.25)

    def capture(self, elements, path):
        """The box around the elements (a JavaScript expression giving a list of them),
        shrunk to WIDTH and saved as a palette PNG."""
        box = self.evaluate(f"""(() => {{
            const els = {elements};
            els[0].scrollIntoView();
            const rs = els.map((el) => el.getBoundingClientRect());
            const x = Math.min(...rs.map((r) => r.left)), y = Math.min(...rs.map((r) => r.top));
            return {{x, y,
                     width: Math.max(...rs.map((r) => r.right)) - x,
                     height: Math.max(...rs.map((r) => r.bottom)) - y}};
        }})()""")
        # Odoo scrolls inside its own containers: the box is in the (tall) viewport.
        shot = self.call("Page.captureScreenshot", format="png", clip={**box, "scale": 1})
        image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
        if image.width > WIDTH:
            image = image.resize((WIDTH, round(image.height * WIDTH / image.width)),
                                 Image.LANCZOS)
        image.quantize(colors=256).save(path, optimize=True)
        print(f"{path}: {image.width}x{image.height}, {path.stat().st_size} bytes")


def session_cookie(url, db, login, password):
    answer = requests.post(f"{url}/web/session/authenticate", timeout=60, json={
        "jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}})
    answer.raise_for_status()
    if answer.json().get("error"):
        raise SystemExit(f"login refused: {answer.json()['error']['data']['message']}")
    return answer.cookies["session_id"]


def shrink(source, path):
    """A receipt is narrow: at most half of WIDTH, never enlarged."""
    image = Image.open(source).convert("RGB")
    width = min(image.width, WIDTH // 2)
    image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image.quantize(colors=256).save(path, optimize=True)
    print(f"{path}: {image.width}x{image.height}, {path.stat().st_size} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--document", type=int, required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--receipt", type=Path)
    args = parser.parse_args()
    if args.receipt:
        shrink(args.receipt, POS_TARGET / "pos_receipt.png")
    cookie = session_cookie(args.url, args.db, args.login, args.password)
    profile = tempfile.mkdtemp()
    browser = subprocess.Popen([
        shutil.which("chromium") or "chromium", "--headless=new", "--no-sandbox",
        "--disable-gpu", f"--remote-debugging-port={DEVTOOLS_PORT}", f"--user-data-dir={profile}",
        "--window-size=1280,1400", "--lang=vi-VN", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                tabs = requests.get(f"http://127.0.0.1:{DEVTOOLS_PORT}/json", timeout=5).json()
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.25)
        page = Page(next(t for t in tabs if t["type"] == "page")["webSocketDebuggerUrl"])
        page.call("Network.enable")
        page.call("Network.setCookie", name="session_id", value=cookie,
                  domain=urlsplit(args.url).hostname, path="/")
        page.call("Page.navigate",
                  url=f"{args.url}/odoo/l10n_vn_einvoice.document/{args.document}")
        page.wait_for("document.querySelector('.o_form_view .o_form_sheet_bg')")
        time.sleep(1)
        page.capture("[document.querySelector('.o_action_manager')]",
                     TARGET / "einvoice_form.png")
        page.call("Page.navigate", url=f"{args.url}/odoo/action-account.action_account_config")
        page.wait_for("document.querySelector('#l10n_vn_einvoice_seller')")
        time.sleep(1)
        # the block: its title and its container of settings
        page.capture("""(() => {
            const box = document.querySelector('#l10n_vn_einvoice_seller')
                .closest('.o_settings_container');
            return [box.previousElementSibling, box];
        })()""", TARGET / "settings.png")
    finally:
        browser.terminate()
        browser.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
