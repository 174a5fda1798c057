"""The tax portal's fetching client against the sandbox playing the portal, over HTTP
(issue 24 item 3): captcha, login, every page of every list, the details, and the
portal's refusals (wrong captcha, wrong password, web firewall, timeout)."""

import datetime

import pytest
import requests

from ..providers import portal_client
from ..providers.portal_client import PortalClient, PortalError
from ..providers.sandbox.faults import Fault
from ..providers.sandbox.portal_contract import PREFIX
from ..standard import portal_collect
from .portal_sandbox_data import BUYER, PASSWORD, portal_contract, publish_purchases
from .sandbox_server import running_sandbox

MARCH_APRIL = (datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))


@pytest.fixture(name="portal")
def portal_fixture():
    with running_sandbox() as running:
        running.published = publish_purchases(running)
        running.base_url = running.url + PREFIX.rstrip("/")
        yield running


def logged_in(portal, **kw):
    client = PortalClient(portal.base_url, **kw)
    captcha = client.captcha()
    client.login(BUYER, PASSWORD, captcha.key, portal_contract(portal).current_captcha.text)
    return client


def test_captcha_is_an_svg_with_a_key_and_used_once(portal):
    with PortalClient(portal.base_url, pace=0) as client:
        captcha = client.captcha()
        issued = portal_contract(portal).current_captcha
        assert captcha.key == issued.key and captcha.svg.startswith("<svg")
        assert all(f">{char}</text>" in captcha.svg for char in issued.text)
        with pytest.raises(PortalError) as wrong:
            client.login(BUYER, PASSWORD, captcha.key, issued.text + "x")
        assert (wrong.value.kind, wrong.value.detail) == (
            "captcha", "Mã captcha không đúng.")
        with pytest.raises(PortalError) as again:  # the right text, but the key is spent
            client.login(BUYER, PASSWORD, captcha.key, issued.text)
        assert again.value.kind == "captcha"
        captcha = client.captcha()
        with pytest.raises(PortalError) as password:
            client.login(BUYER, "sai", captcha.key, portal_contract(portal).current_captcha.text)
        assert password.value.kind == "login"
        assert portal_contract(portal).logins == 0


def test_every_list_every_page_and_the_details(portal):
    pauses = []
    client = logged_in(portal, pace=0.25, page_size=2, sleep=pauses.append)
    fetched = client.fetch_period("purchase", *MARCH_APRIL)
    client.close()
    assert fetched.invoices == len(portal.published) == 17
    assert fetched.details == 17
    labels = [label for label, _body in fetched.responses]
    # status 5 in March: 5 invoices in 3 pages of 2; April: the invoice of its detail
    assert labels[:4] == ["query/invoices/purchase ttxly==5 2026-03 page 1",
                          "query/invoices/purchase ttxly==5 2026-03 page 2",
                          "query/invoices/purchase ttxly==5 2026-03 page 3",
                          "query/invoices/purchase ttxly==5 2026-04 page 1"]
    assert "sco-query/invoices/detail 0312650437 1C26MGA 2736943" in labels
    # paced: a pause before every call after the first (login and captcha included)
    calls = portal_contract(portal).calls
    assert len(pauses) == len(calls) - 1 and all(0 < p <= 0.25 for p in pauses)
    reading = portal_collect.merge([portal_collect.read_portal_file(fetched.as_set(), "f")])
    assert reading.refusals == []
    assert {(i.symbol, i.number) for i in reading.invoices} == set(portal.published)
    grab = next(i for i in reading.invoices if i.number == 2736943)
    assert grab.detail and grab.lines and grab.cash_register_code.startswith("M1-26-")
    assert sum(1 for i in reading.invoices if i.detail and i.lines) == 3


def test_no_request_id_is_blocked_like_the_firewall(portal):
    answer = requests.get(portal.base_url + "/query/invoices/purchase", timeout=5)
    assert answer.status_code == 403
    assert "bị chặn" in answer.json()["message"]


@pytest.mark.parametrize(("operation", "code", "step"), [
    ("portal_login", "firewall", "login"), ("portal_list", "firewall", "list"),
    ("portal_detail", "firewall_html", "detail"), ("portal_captcha", "firewall", "captcha")])
def test_the_web_firewall_is_not_a_wrong_password(portal, operation, code, step):
    portal.faults.add(operation, Fault("err", code=code))
    with pytest.raises(PortalError) as caught:
        logged_in(portal, pace=0).fetch_period("purchase", *MARCH_APRIL)
    assert (caught.value.kind, caught.value.step) == ("firewall", step)


def test_a_portal_that_does_not_answer_is_a_timeout(portal):
    portal.faults.add("portal_list", Fault("timeout", seconds=2))
    client = logged_in(portal, pace=0, timeout=0.5)
    with pytest.raises(PortalError) as caught:
        client.fetch_period("purchase", *MARCH_APRIL)
    assert (caught.value.kind, caught.value.step) == ("timeout", "list")


def test_lists_need_the_token(portal):
    client = PortalClient(portal.base_url, pace=0)
    with pytest.raises(PortalError) as caught:
        client.fetch_period("purchase", *MARCH_APRIL)
    assert caught.value.kind == "session"
    client._token = "forged"
    with pytest.raises(PortalError) as forged:
        client.fetch_period("purchase", *MARCH_APRIL)
    assert forged.value.kind == "session"


@pytest.mark.parametrize("url", ["http://hoadondientu.gdt.gov.vn/api", "ftp://127.0.0.1/",
                                 "hoadondientu.gdt.gov.vn", ""])
def test_the_password_never_travels_in_clear(url):
    with pytest.raises(ValueError, match="https"):
        PortalClient(url)


def test_months_of_a_period():
    assert list(portal_client.months(datetime.date(2026, 1, 15), datetime.date(2026, 3, 2))) \
        == [(datetime.date(2026, 1, 15), datetime.date(2026, 1, 31)),
            (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
            (datetime.date(2026, 3, 1), datetime.date(2026, 3, 2))]


def test_the_captcha_image_only_draws():
    hostile = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" '
               'width="200" onload="alert(1)"><script>alert(2)</script>'
               '<foreignObject><div>x</div></foreignObject><a x:href="javascript:alert(3)">'
               '<text>a</text></a><path d="M0 0" fill="url(https://evil/)" style="x"/>'
               '<text x="1" onclick="alert(4)">K</text></svg>')
    cleaned = portal_client.clean_svg(hostile)
    for word in ("alert", "script", "foreignObject", "href", "evil", "style"):
        assert word not in cleaned
    assert cleaned.startswith("<svg") and ">K</text>" in cleaned and 'width="200"' in cleaned
    with pytest.raises(ValueError):
        portal_client.clean_svg('<html xmlns="http://www.w3.org/1999/xhtml"/>')
    with pytest.raises(ValueError):
        portal_client.clean_svg('<!DOCTYPE svg [<!ENTITY a "b">]><svg/>')


def test_a_response_fetched_twice_keeps_both_copies_in_the_set():
    fetched = portal_client.Fetched([("detail A", b'{"n": 1}'), ("detail A", b'{"n": 2.50}')])
    assert fetched.as_set() == b'{\n"detail A": {"n": 1},\n"detail A (2)": {"n": 2.50}\n}\n'
