"""Issue 23 §1: the addon ships as Odoo ships its localisations, a core and bridges.

The core (``l10n_vn_einvoice``) depends on Accounting only: the closure of its manifest's
``depends`` (read from the manifests of Odoo's addons, recursively) has neither
``point_of_sale`` nor ``stock``.  Each bridge (``l10n_vn_einvoice_*``) depends on the
core and installs itself (``auto_install``) when its app is there.  And for real, in one
``odoo-bin -i`` of the core alone on a fresh database: Odoo's own test runner then runs the
core's Chromium tour of an accountant's database (``l10n_vn_einvoice/tests/
tour_core_only.py``, the only test tagged ``l10n_vn_core_only``), which checks that
neither app nor bridge was installed, that the apps menu has no Point of Sale, and that an
invoice confirmed in the browser becomes an e-invoice document; its result is read from
Odoo's output.
"""

import ast
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORE = "l10n_vn_einvoice"
CORE_ONLY_TAG = "l10n_vn_core_only"  # l10n_vn_einvoice/tests/tour_core_only.py
TESTS_RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo"))
ADDON_ROOTS = [REPO, ODOO_SRC / "addons", ODOO_SRC / "odoo" / "addons"]
BRIDGES = sorted(path.parent.name for path in REPO.glob(f"{CORE}_*/__manifest__.py"))


def manifest(name):
    for root in ADDON_ROOTS:
        path = root / name / "__manifest__.py"
        if path.is_file():
            return ast.literal_eval(path.read_text(encoding="utf-8"))
    raise AssertionError(f"no manifest of {name} in {ADDON_ROOTS}")


def closure(name):
    """``name`` and every module it depends on, directly or not (base included)."""
    seen, todo = set(), [name]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += manifest(module).get("depends", []) or ["base"] * (module != "base")
    return seen


def test_core_depends_on_accounting_only():
    core = manifest(CORE)
    assert set(core["depends"]) == {"account", "l10n_vn", "certificate", "mail"}
    deps = closure(CORE)
    assert {"account", "l10n_vn", "certificate", "mail", "base"} <= deps
    assert not {"point_of_sale", "stock"} & deps, sorted(deps)
    assert not core.get("auto_install")


def test_bridges_install_themselves_with_their_app():
    assert "l10n_vn_einvoice_pos" in BRIDGES
    for name in BRIDGES:
        bridge = manifest(name)
        assert bridge.get("auto_install") is True, name
        assert CORE in bridge["depends"], name
        assert bridge["version"] == manifest(CORE)["version"], name
    assert set(manifest("l10n_vn_einvoice_pos")["depends"]) == {CORE, "point_of_sale"}
    assert "point_of_sale" in closure("l10n_vn_einvoice_pos")


def _odoo_config(tmp_path, db):
    """An odoo.conf for ``db``: the repository's addons, the test run's PostgreSQL."""
    try:
        from odoo.tools import config  # the pytest-odoo run's, when there is one
        pg = {key: config.get(key) for key in ("db_host", "db_port", "db_user", "db_password")}
    except ImportError:
        pg = {}
    lines = ["[options]",
             f"addons_path = {ODOO_SRC}/odoo/addons,{ODOO_SRC}/addons,{REPO}",
             f"db_name = {db}", f"data_dir = {tmp_path / 'data'}", "without_demo = True",
             "log_level = warn", "http_interface = 127.0.0.1"]
    lines += [f"{key} = {value}" for key, value in pg.items() if value]
    rc = tmp_path / "odoo.conf"
    rc.write_text("\n".join(lines) + "\n")
    return rc


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_core_alone_installs_no_pos_nor_stock_and_posts_an_einvoice(tmp_path):
    db = f"l10n_vn_einvoice_core_alone_{os.getpid()}_{int(time.time())}"
    rc = _odoo_config(tmp_path, db)
    odoo_bin = str(ODOO_SRC / "odoo-bin")
    try:
        # the install runs the core-only tour (HTTP server on a free port for Chromium)
        install = subprocess.run([
            sys.executable, odoo_bin, "-c", str(rc), "-d", db, "-i", CORE, "--stop-after-init",
            "--test-tags", CORE_ONLY_TAG, "--http-port", str(_free_port()),
            "--gevent-port", str(_free_port()), "--log-handler", "odoo.tests.result:INFO",
        ], timeout=1800, capture_output=True, text=True, check=False)
    finally:
        subprocess.run([sys.executable, odoo_bin, "db", "-c", str(rc), "drop", db],
                       capture_output=True, timeout=300, check=False)
    log = install.stdout + install.stderr
    tests = TESTS_RESULT.findall(log)
    # one test ran (a tag nobody carries would run none), and nothing failed
    assert install.returncode == 0 and tests == [("0", "0", "1")], log[-6000:]
