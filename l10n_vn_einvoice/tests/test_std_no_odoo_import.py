"""``standard/`` and ``providers/`` must run without Odoo (CLI, benchmarks, fast tests)."""

import ast
from pathlib import Path

import pytest

ADDON = Path(__file__).resolve().parent.parent
PURE_PACKAGES = ("standard", "providers")


def odoo_imports(source: str) -> list[str]:
    """Every ``import odoo…`` / ``from odoo… import`` statement of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names
                      if alias.name == "odoo" or alias.name.startswith("odoo.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module == "odoo" or node.module.startswith("odoo.")):
            found.append(node.module)
    return found


def _sources():
    for package in PURE_PACKAGES:
        yield from sorted((ADDON / package).rglob("*.py"))


def test_pure_packages_exist():
    assert all((ADDON / package / "__init__.py").is_file() for package in PURE_PACKAGES)
    assert len(list(_sources())) >= 4


@pytest.mark.parametrize("path", list(_sources()), ids=lambda p: str(p.relative_to(ADDON)))
def test_no_odoo_import(path):
    assert odoo_imports(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize("source", [
    "import odoo", "import os, odoo.tools", "from odoo import models",
    "from odoo.addons.account.models import account_move", "def f():\n    import odoo.api\n",
])
def test_detector_catches_every_form(source):
    assert odoo_imports(source)


@pytest.mark.parametrize("source", ["import odoorpc", "from . import odoo_names",
                                    "from .odoo import x", "x = 'import odoo'"])
def test_detector_ignores_lookalikes(source):
    assert odoo_imports(source) == []
