"""The reference material written by others (real documents, real provider contracts).

It lives in the repository's test data, ``tests/data/reference/``: ``real/`` (real
documents and tax-portal data, with their provenance in ``real/README.md``) and ``wsdl/``
(the providers' published contracts, provenance in ``wsdl/README.md``).  They are copies,
byte for byte, of the project's shared reference folder, so that a plain clone of the
repository tests itself; nothing reads that folder.  A missing file fails the test that
needs it, loudly: these are the tests that hold the code against the outside world.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REFERENCE_DIR = Path(__file__).resolve().parent / "data" / "reference"


def reference_dir() -> Path:
    """The ``reference`` folder of the test data, or a test failure naming it."""
    if (REFERENCE_DIR / "real").is_dir() and (REFERENCE_DIR / "wsdl").is_dir():
        return REFERENCE_DIR
    pytest.fail(f"the reference test data (real/ and wsdl/) is missing in {REFERENCE_DIR}",
                pytrace=False)


def real_files(suffix: str) -> list[Path]:
    """The real documents of one kind (``.xml``, ``.json``), sorted by name."""
    return sorted((reference_dir() / "real").glob(f"*{suffix}"))


def real_invoice_details() -> list[Path]:
    """The portal's detail JSON of single real invoices (``portal_detail_*.json``); the
    other JSON files are lists and response sets, read by the portal reader."""
    return sorted((reference_dir() / "real").glob("portal_detail_*.json"))
