"""Throughput of the invoice pipeline: build + validate (XSD + arithmetic) + sign, one core.

A busy retail company issues a few thousand cash-register or VAT invoices an hour; the goal
of 1,000 invoices/s per core keeps the pipeline far from being the bottleneck of a nightly
batch or of a POS burst.  The baseline is the plain lxml serialisation of the same,
pre-built tree: the cheapest thing any XML pipeline must do.  The xmlsec signature alone is
reported for context (it is the floor cost of an RSA-2048 signature per invoice).

Usage (from the repository root): ``python benchmarks/standard_sign.py [--seconds 5]``
"""

from __future__ import annotations

import argparse
import datetime
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import add_repo_to_path, pin_to_one_core, rate, result_line

add_repo_to_path()

from lxml import etree  # noqa: E402

from l10n_vn_einvoice.standard import (  # noqa: E402
    certificates,
    model,
    money,
    validate,
    xml_build,
    xmldsig,
)

GOAL = 1000.0
LINE_COUNT = 10


def ten_line_invoice() -> model.Invoice:
    """A realistic 10-line VAT invoice at mixed rates (8 % reduced and 10 %)."""
    lines = []
    for seq in range(1, LINE_COUNT + 1):
        quantity = Decimal(seq)
        price = Decimal(125000 + 7000 * seq)
        lines.append(model.Line(
            name=f"Hàng hóa mẫu số {seq}", seq=seq, code=f"SP{seq:04d}", unit="cái",
            quantity=quantity, unit_price=price,
            amount=money.line_amount(quantity, price),
            vat_rate="8%" if seq % 2 else "10%"))
    lines = tuple(lines)
    return model.Invoice(
        form="1", symbol="C26TAA", number=1234, issue_date=datetime.date(2026, 3, 2),
        seller=model.Seller(name="Công ty TNHH Thương mại Ánh Dương", tax_code="0100109106",
                            address="12 Tràng Tiền, Hoàn Kiếm, Hà Nội"),
        buyer=model.Buyer(name="Công ty Cổ phần Bình Minh", tax_code="0302035520",
                          address="45 Lê Lợi, Quận 1, TP Hồ Chí Minh"),
        lines=lines, totals=money.compute_totals(lines), provider_tax_code="0101243150")


def measure(seconds: float) -> dict[str, float]:
    invoice = ten_line_invoice()
    key = xmldsig.load_pkcs12(*certificates.make_test_certificate(
        "Công ty TNHH Thương mại Ánh Dương", "0100109106"))
    prebuilt = xml_build.build_invoice(invoice)
    problems = validate.validate_invoice_xml(prebuilt)
    if problems:
        raise SystemExit("benchmark invoice is invalid: "
                         + "; ".join(f"{p.xpath}: {p.message}" for p in problems))

    def pipeline():
        element = xml_build.build_invoice(invoice)
        found = validate.validate_invoice_xml(element)
        if found:
            raise AssertionError(found)
        return xmldsig.sign_invoice(element, key)

    if not xmldsig.verify_all(pipeline()):
        raise SystemExit("the benchmark's signed invoice does not verify")
    return {
        "pipeline": rate(pipeline, seconds),
        "baseline": rate(lambda: etree.tostring(prebuilt), seconds, batch=200),
        "sign_only": rate(lambda: xmldsig.sign_invoice(prebuilt, key), seconds),
        "build_only": rate(lambda: xml_build.build_invoice(invoice), seconds / 2, batch=100),
        "validate_only": rate(lambda: validate.validate_invoice_xml(prebuilt), seconds / 2,
                              batch=50),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="measuring time of the pipeline and of each reference (default 5)")
    args = parser.parse_args(argv)
    pin_to_one_core()
    rates = measure(args.seconds)
    print(f"build + validate + sign (10 lines): {rates['pipeline']:10.0f} invoices/s")
    print(f"  build only:                       {rates['build_only']:10.0f} /s")
    print(f"  validate only (XSD + arithmetic): {rates['validate_only']:10.0f} /s")
    print(f"  xmlsec sign only (copy + sign):   {rates['sign_only']:10.0f} /s")
    print(f"baseline etree.tostring:            {rates['baseline']:10.0f} /s")
    print(result_line("standard_sign_per_s", rates["pipeline"], rates["baseline"],
                      f">={GOAL:.0f}/s"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
