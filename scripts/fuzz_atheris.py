"""Coverage-guided fuzzing (atheris / libFuzzer) of the readers of outside XML.

Complements the hypothesis tests of ``tests/test_std_fuzz.py``: libFuzzer mutates the
input guided by the branches it reaches in ``safe_xml``, ``xml_parse`` and ``validate``.
Only the documented ``StandardError`` family may escape; anything else, a hang (more than
``--timeout`` seconds for one input) or a memory blow-up makes libFuzzer stop with a
non-zero exit and write the crashing input to ``--artifacts``.  Bounded in time::

    python scripts/fuzz_atheris.py --seconds 10

Pure Python: neither Odoo nor a database is needed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import atheris  # noqa: E402 - needs the repository on sys.path first for the imports below

with atheris.instrument_imports():
    from l10n_vn_einvoice.standard import safe_xml, validate, xml_parse
    from l10n_vn_einvoice.standard.errors import StandardError

READERS = (safe_xml.parse_xml, xml_parse.parse_invoice, validate.validate_invoice_xml)


def one_input(data: bytes) -> None:
    """The first byte picks the reader, the rest is the document."""
    if not data:
        return
    reader = READERS[data[0] % len(READERS)]
    try:
        result = reader(data[1:])
    except StandardError:
        return
    if reader is validate.validate_invoice_xml:
        for problem in result:
            if not (problem.message and problem.message_vi and problem.xpath):
                raise AssertionError(f"incomplete problem {problem!r}")


def seeds(directory: Path) -> None:
    """A valid invoice for each reader, so mutations start from real structure."""
    from l10n_vn_einvoice.standard import xml_build
    from l10n_vn_einvoice.tests import std_fixtures

    for name, invoice in (("vat", std_fixtures.vat_invoice()),
                          ("cash_register", std_fixtures.cash_register_invoice())):
        xml = xml_build.invoice_to_bytes(invoice)
        for index in range(len(READERS)):
            (directory / f"{name}_{index}").write_bytes(bytes([index]) + xml)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--timeout", type=int, default=2, help="seconds per input")
    parser.add_argument("--artifacts", default=tempfile.gettempdir())
    args = parser.parse_args(argv)
    corpus = Path(tempfile.mkdtemp(prefix="vn-atheris-"))
    seeds(corpus)
    atheris.Setup([sys.argv[0], f"-max_total_time={args.seconds}",
                   f"-timeout={args.timeout}", "-rss_limit_mb=1024", "-max_len=65536",
                   f"-artifact_prefix={args.artifacts.rstrip('/')}/vn-atheris-",
                   str(corpus)], one_input)
    atheris.Fuzz()  # libFuzzer exits the process: 0 when the time ran out cleanly
    return 0


if __name__ == "__main__":
    sys.exit(main())
