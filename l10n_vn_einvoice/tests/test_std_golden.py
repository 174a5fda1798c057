"""Golden XML files: the builder's output for each fixture, kept in tests/data/golden/.

A change in the generated XML shows up as a diff of these files in review.  After an
intended change, rewrite them with::

    UPDATE_GOLDEN=1 python -m pytest -p no:odoo -q l10n_vn_einvoice/tests/test_std_golden.py

Comparison is on canonical XML (C14N 2.0 with blank text removed), so indentation does
not matter but every element, attribute and value does.  Each golden file is also
validated against the XSD and the arithmetic/code rules, so a golden file cannot be wrong
and "right" at the same time.
"""

import os

import pytest
from lxml import etree

from ..standard import notice, summary_table, validate, xml_build
from . import std_fixtures

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "golden")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

DOCUMENTS = {
    **{name: (lambda fn=fn: xml_build.build_invoice(fn()))
       for name, fn in std_fixtures.INVOICES.items()},
    "error_notice": lambda: notice.build_notice(std_fixtures.error_notice()),
    "summary_table": lambda: summary_table.build_summary_table(
        std_fixtures.monthly_summary_table()),
    "envelope_vat_invoice": lambda: std_fixtures.envelope_of(std_fixtures.vat_invoice()),
    "envelope_cash_register": lambda: std_fixtures.envelope_of(
        std_fixtures.cash_register_invoice()),
}


def _canonical(data: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True)
    tree = etree.fromstring(data, parser)
    return etree.canonicalize(etree.tostring(tree, encoding="unicode"), strip_text=True)


def _path(name: str) -> str:
    return os.path.join(GOLDEN_DIR, f"{name}.xml")


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_built_xml_matches_golden_file(name):
    built = xml_build.element_to_bytes(DOCUMENTS[name](), pretty=True)
    if UPDATE:
        os.makedirs(GOLDEN_DIR, exist_ok=True)
        with open(_path(name), "wb") as handle:
            handle.write(built)
    with open(_path(name), "rb") as handle:
        golden = handle.read()
    assert _canonical(built) == _canonical(golden)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_golden_file_is_valid(name):
    with open(_path(name), "rb") as handle:
        data = handle.read()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert validate.validate_document(data) == []


def test_every_golden_file_has_a_fixture():
    on_disk = {f[:-4] for f in os.listdir(GOLDEN_DIR) if f.endswith(".xml")}
    assert on_disk == set(DOCUMENTS)
