"""scripts/demo.sh on any port (issue 26 §9): the addresses the demo prints and encodes
follow ``DEMO_PORT`` (``test_odoo_demo.py`` checks the loader's side, and that
partner_autocomplete, which point_of_sale depends on, talks to loopback only)."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = (REPO / "scripts" / "demo.sh").read_text()
LOADER = (REPO / "l10n_vn_einvoice" / "models" / "demo_loader.py").read_text()


def test_no_address_is_fixed_to_port_8069():
    assert "8069" not in LOADER
    assert [line for line in DEMO.splitlines() if "8069" in line] == [
        "# DEMO_DB (default l10n_vn_einvoice_demo), DEMO_PORT (8069), SANDBOX_PORT (8899).",
        "PORT=${DEMO_PORT:-8069}"]


def test_links_and_receipts_follow_the_port():
    assert 'BASE_URL="http://127.0.0.1:${PORT}"' in DEMO
    assert re.search(r"\('web\.base\.url', '\$\{BASE_URL\}'\)", DEMO)
    assert re.search(r"UPDATE pos_config SET l10n_vn_einvoice_lookup_url =\s+"
                     r"'\$\{BASE_URL\}/einvoice/lookup'", DEMO)
    # the address is set before the loader reads it, and again on every start
    assert DEMO.index("'web.base.url'") < DEMO.index("_load_demo()")
    assert DEMO.index("UPDATE pos_config") > DEMO.index("_load_demo()")
