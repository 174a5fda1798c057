"""The sandbox playing the tax portal with the real responses of the tests' reference files
(tests/data/reference/real/portal_api_responses_2026-04_kieutrang.json: buyer 0310510716,
March–April 2026), shared by the pure client tests and the Odoo fetch tests.

Published as the portal has them: the ``query`` purchase lists of processing status 5 and
6 and the ``sco-query`` cash-register list of status 8, each with the real detail of its
status (whose invoice is then in its list too, as at the portal: a detail is of a listed
invoice; the list's copy has no lines, ``hdhhdvu`` null, as the real lists)."""

import json

from ..providers.sandbox.portal_contract import PortalContract
from .reference_files import reference_dir

BUYER = "0310510716"
PASSWORD = "mật-khẩu-thử 7!"
SET = "portal_api_responses_2026-04_kieutrang.json"
# (family, ttxly, list key, detail key) of the real set
PURCHASE_LISTS = (("query", 5, "purchase_list_status_5", "purchase_detail_status_5"),
                  ("query", 6, "purchase_list_status_6", "purchase_detail_status_6"),
                  ("sco-query", 8, "purchase_sco_list_status_8", "purchase_sco_detail_status_8"))


def real_set() -> dict:
    return json.loads((reference_dir() / "real" / SET).read_bytes())


def portal_contract(running) -> PortalContract:
    return next(c for c in running.app.contracts if isinstance(c, PortalContract))


def publish_purchases(running, tax_code: str = BUYER) -> dict:
    """Publish the real purchase lists and details; {(symbol, number): ttxly} published."""
    portal = portal_contract(running)
    portal.add_account(tax_code, PASSWORD)
    data = real_set()
    published = {}
    for family, ttxly, list_key, detail_key in PURCHASE_LISTS:
        detail = data[detail_key]
        records = [dict(r, nmmst=tax_code) for r in data[list_key]["datas"]]
        identity = (detail["khhdon"], detail["shdon"])
        if identity not in {(r["khhdon"], r["shdon"]) for r in records}:
            records.append(dict(detail, hdhhdvu=None, nmmst=tax_code))
        portal.publish(tax_code, family, "purchase", records,
                       [dict(detail, nmmst=tax_code)])
        published.update({(r["khhdon"], r["shdon"]): ttxly for r in records})
    return published
