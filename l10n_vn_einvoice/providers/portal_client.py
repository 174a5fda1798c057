"""Fetch a period's invoices from the tax portal (hoadondientu.gdt.gov.vn), as its web page does.

The portal has no API for software: download tools call the JSON endpoints behind its web
page, and so does this client (issue 24 item 3).  Where each shape comes from, and what is
unverified, is in the README ("Fetching from the tax portal"):

- ``GET {base}/captcha`` → ``{"key": …, "content": "<svg …>"}``: the image the person reads;
- ``POST {base}/security-taxpayer/authenticate`` with ``{username, password, cvalue, ckey}``
  (``cvalue`` the typed text, ``ckey`` the captcha's key) → ``{"token": …}``, or an error
  ``{"message": …}`` (a wrong captcha says "captcha");
- ``GET {base}/{query|sco-query}/invoices/{sold|purchase}?sort=…&size=…&search=…[&state=…]``
  → a page ``{datas, total, state, time}``; ``state`` is the cursor of the next page,
  ``null`` on the last; ``search`` is FIQL on ``tdlap`` (Vietnam time, ``dd/mm/yyyyTHH:MM:SS``)
  and, for purchases, ``ttxly``;
- ``GET {base}/{query|sco-query}/invoices/detail?nbmst=&khhdon=&shdon=&khmshdon=`` → one
  record with its lines (``hdhhdvu``).

The password and the token live in this object only, for one fetch: nothing here writes
them anywhere.  Every call has a timeout, calls are paced (``pace`` seconds between two),
each carries a fresh ``request-id`` (the portal's web firewall blocks calls without one,
third-party observation) and a firewall block (HTTP 403, or an HTML page instead of JSON)
is told apart from a wrong password.  The password is never sent over plain HTTP except to
a loopback address (the sandbox).  The responses are kept as the portal sent them (bytes),
so the readers of :mod:`..standard.portal_json` read exactly what was fetched.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

import requests
from lxml import etree

from ..standard.safe_xml import parse_xml

DEFAULT_BASE_URL = "https://hoadondientu.gdt.gov.vn/api"
DEFAULT_TIMEOUT = 30.0
DEFAULT_PACE = 0.5  # seconds between two calls: the portal is a shared public service
PAGE_SIZE = 50
MAX_PAGES = 1000  # per list and month: a cursor that never ends stops here
MAX_CAPTCHA_CHARS = 200_000
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
SORT = "tdlap:desc,khmshdon:asc,shdon:desc"
# What the portal's web page asks, per direction: purchases by processing status
# (5 coded, 6 received without code under ``query``; 8 cash-register under ``sco-query``),
# sales without a status filter under both families.
LISTS = {
    "purchase": (("query", "purchase", "ttxly==5"), ("query", "purchase", "ttxly==6"),
                 ("sco-query", "purchase", "ttxly==8")),
    "sold": (("query", "sold", ""), ("sco-query", "sold", "")),
}

CAPTCHA, LOGIN, FIREWALL, TIMEOUT, UNREACHABLE, SESSION, ANSWER = (
    "captcha", "login", "firewall", "timeout", "unreachable", "session", "answer")


class PortalError(Exception):
    """``kind`` says what the person must do (one of the constants above); ``detail`` is
    the portal's own message or the HTTP status, shown beside ours."""

    def __init__(self, kind: str, detail: str = "", *, step: str = ""):
        self.kind = kind
        self.detail = detail
        self.step = step
        super().__init__(f"{step}: {kind} {detail}".strip(": "))


@dataclass(frozen=True)
class Captcha:
    key: str
    svg: str


@dataclass
class Fetched:
    """The portal's responses of one fetch, in the order fetched: ``(label, body)``."""

    responses: list[tuple[str, bytes]] = field(default_factory=list)
    invoices: int = 0
    details: int = 0

    def as_set(self) -> bytes:
        """One JSON object ``{label: response, …}``: a *set* as the portal readers know it,
        each response's bytes untouched (numbers stay as the portal wrote them)."""
        parts, seen = [], {}
        for label, body in self.responses:
            seen[label] = seen.get(label, 0) + 1  # an invoice listed twice: its detail too
            key = label if seen[label] == 1 else f"{label} ({seen[label]})"
            parts.append(json.dumps(key, ensure_ascii=False).encode() + b": " + body)
        return b"{\n" + b",\n".join(parts) + b"\n}\n"


SVG = "{http://www.w3.org/2000/svg}"
SVG_ELEMENTS = frozenset({"svg", "g", "path", "text", "tspan", "rect", "line", "polyline",
                          "polygon", "circle", "ellipse"})
SVG_ATTRIBUTES = frozenset({
    "width", "height", "viewBox", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
    "rx", "ry", "points", "fill", "stroke", "stroke-width", "opacity", "fill-opacity",
    "font-size", "font-family", "font-weight", "transform", "text-anchor"})


def clean_svg(svg: str) -> str:
    """The captcha's SVG with only drawing elements and attributes: no script, no link,
    no event handler, no style, no external reference.  The image comes from outside and is
    shown in the accountant's browser; what cannot draw is dropped (a captcha only draws)."""
    root = parse_xml(svg.encode("utf-8"), max_bytes=MAX_CAPTCHA_CHARS * 4)
    if root.tag != SVG + "svg":
        raise ValueError("the captcha is not an SVG image")
    for element in list(root.iter()):
        if element is root:
            continue
        if not isinstance(element.tag, str) or not element.tag.startswith(SVG) or \
                element.tag[len(SVG):] not in SVG_ELEMENTS:
            element.getparent().remove(element)
    for element in root.iter():
        for name in list(element.attrib):
            value = element.attrib[name]
            if name not in SVG_ATTRIBUTES or "url(" in value.lower() or ("(" in value and \
                    name not in ("transform",)):
                del element.attrib[name]
    return etree.tostring(root, encoding="unicode")


def check_base_url(url: str) -> str:
    """The portal's base URL, refused unless https (or http to a loopback address)."""
    parsed = urllib.parse.urlsplit(url or "")
    if parsed.scheme == "https" and parsed.hostname:
        return url.rstrip("/")
    if parsed.scheme == "http" and parsed.hostname:
        try:
            if ipaddress.ip_address(parsed.hostname).is_loopback:
                return url.rstrip("/")
        except ValueError:
            if parsed.hostname == "localhost":
                return url.rstrip("/")
    raise ValueError(f"the tax portal's URL must be https (http only to a loopback address), "
                     f"not {url!r}")


def _portal_date(day: datetime.date, end: bool) -> str:
    return day.strftime("%d/%m/%Y") + ("T23:59:59" if end else "T00:00:00")


def months(date_from: datetime.date, date_to: datetime.date):
    """The period cut into calendar months (the portal's web page asks one month at a
    time; download tools do the same)."""
    start = date_from
    while start <= date_to:
        following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        end = min(date_to, following - datetime.timedelta(days=1))
        yield start, end
        start = end + datetime.timedelta(days=1)


class PortalClient:

    def __init__(self, base_url: str = DEFAULT_BASE_URL, *, timeout: float = DEFAULT_TIMEOUT,
                 pace: float = DEFAULT_PACE, page_size: int = PAGE_SIZE, sleep=time.sleep):
        self.base_url = check_base_url(base_url)
        self.timeout = timeout
        self.pace = pace
        self.page_size = page_size
        self._sleep = sleep
        self._last_call: float | None = None
        self._token = ""
        self.session = requests.Session()

    def close(self) -> None:
        self._token = ""
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ HTTP
    def _call(self, step: str, method: str, path: str, *, params=None, body=None,
              auth: bool = True) -> tuple[int, bytes]:
        if self._last_call is not None and self.pace > 0:
            wait = self.pace - (time.monotonic() - self._last_call)
            if wait > 0:
                self._sleep(wait)
        headers = {"Accept": "application/json, text/plain, */*",
                   "request-id": str(uuid.uuid4())}
        if auth and self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        try:
            response = self.session.request(
                method, f"{self.base_url}/{path}", params=params, json=body, headers=headers,
                timeout=self.timeout, allow_redirects=False, stream=True)
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    break
            response.close()
            data = b"".join(chunks)
        except requests.Timeout as exc:
            raise PortalError(TIMEOUT, str(exc), step=step) from None
        except requests.RequestException as exc:
            text = str(exc)
            kind = TIMEOUT if "timed out" in text.lower() else UNREACHABLE
            raise PortalError(kind, text, step=step) from None
        finally:
            self._last_call = time.monotonic()
        if len(data) > MAX_RESPONSE_BYTES:
            raise PortalError(ANSWER, f"answer larger than {MAX_RESPONSE_BYTES} bytes",
                              step=step)
        return response.status_code, data

    @staticmethod
    def _json(step: str, status: int, data: bytes):
        """The answer's JSON; an HTML page (the firewall's block page) is a block."""
        if data.lstrip()[:1] == b"<":
            raise PortalError(FIREWALL, f"HTTP {status}, an HTML page instead of JSON",
                              step=step)
        try:
            return json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise PortalError(ANSWER, f"HTTP {status}, not JSON", step=step) from None

    def _message(self, step: str, status: int, data: bytes) -> str:
        try:
            body = self._json(step, status, data)
        except PortalError as exc:
            if exc.kind == FIREWALL:
                raise
            return f"HTTP {status}"
        message = body.get("message") if isinstance(body, dict) else None
        return f"HTTP {status}: {message}" if message else f"HTTP {status}"

    def _refuse(self, step: str, status: int, data: bytes) -> PortalError:
        message = self._message(step, status, data)
        if status == 403:
            return PortalError(FIREWALL, message, step=step)
        if status == 401:
            return PortalError(SESSION, message, step=step)
        return PortalError(ANSWER, message, step=step)

    # ------------------------------------------------------------------ login
    def captcha(self) -> Captcha:
        status, data = self._call("captcha", "GET", "captcha", auth=False)
        if status != 200:
            raise self._refuse("captcha", status, data)
        body = self._json("captcha", status, data)
        key = body.get("key") if isinstance(body, dict) else None
        svg = body.get("content") if isinstance(body, dict) else None
        if not (isinstance(key, str) and key and isinstance(svg, str)
                and svg.lstrip().startswith("<svg") and len(svg) <= MAX_CAPTCHA_CHARS):
            raise PortalError(ANSWER, "the captcha is not {key, content: <svg…>}",
                              step="captcha")
        try:
            return Captcha(key, clean_svg(svg))
        except ValueError:
            raise PortalError(ANSWER, "the captcha is not an SVG image",
                              step="captcha") from None

    def login(self, username: str, password: str, captcha_key: str, captcha_text: str) -> None:
        """Keep the portal's token in this object; raise :class:`PortalError` (captcha,
        login, firewall…) otherwise."""
        status, data = self._call("login", "POST", "security-taxpayer/authenticate", body={
            "username": username, "password": password, "cvalue": captcha_text,
            "ckey": captcha_key}, auth=False)
        if status == 403:
            raise PortalError(FIREWALL, self._message("login", status, data), step="login")
        body = self._json("login", status, data) if status < 500 else None
        token = body.get("token") if isinstance(body, dict) else None
        if status == 200 and isinstance(token, str) and token:
            self._token = token
            return
        if status >= 500:
            raise PortalError(ANSWER, f"HTTP {status}", step="login")
        message = body.get("message") if isinstance(body, dict) else None
        message = message if isinstance(message, str) else f"HTTP {status}"
        raise PortalError(CAPTCHA if "captcha" in message.lower() else LOGIN, message,
                          step="login")

    # ------------------------------------------------------------------ lists and details
    def _get_json(self, step: str, path: str, params: dict) -> tuple[object, bytes]:
        if not self._token:
            raise PortalError(SESSION, "not logged in", step=step)
        status, data = self._call(step, "GET", path, params=params)
        if status != 200:
            raise self._refuse(step, status, data)
        return self._json(step, status, data), data

    def list_pages(self, family: str, direction: str, search_filter: str,
                   date_from: datetime.date, date_to: datetime.date):
        """Every page of one list over ``date_from``..``date_to`` (month by month):
        ``(label, page, bytes)``."""
        for start, end in months(date_from, date_to):
            search = f"tdlap=ge={_portal_date(start, False)};tdlap=le={_portal_date(end, True)}"
            if search_filter:
                search += f";{search_filter}"
            cursor = None
            for number in range(1, MAX_PAGES + 1):
                params = {"sort": SORT, "size": str(self.page_size), "search": search}
                if cursor:
                    params["state"] = cursor
                label = (f"{family}/invoices/{direction} {search_filter or 'all'} "
                         f"{start:%Y-%m} page {number}")
                page, data = self._get_json("list", f"{family}/invoices/{direction}", params)
                if not (isinstance(page, dict) and isinstance(page.get("datas"), list)):
                    raise PortalError(ANSWER, f"{label} is not a page {{datas, total, state}}",
                                      step="list")
                yield label, page, data
                cursor = page.get("state")
                if not cursor or not page["datas"]:
                    break
            else:
                raise PortalError(ANSWER, f"more than {MAX_PAGES} pages", step="list")

    def detail(self, family: str, record: dict) -> tuple[str, bytes]:
        params = {name: str(record.get(name) if record.get(name) is not None else "")
                  for name in ("nbmst", "khhdon", "shdon", "khmshdon")}
        label = (f"{family}/invoices/detail {params['nbmst']} {params['khmshdon']}"
                 f"{params['khhdon']} {params['shdon']}")
        body, data = self._get_json("detail", f"{family}/invoices/detail", params)
        if not isinstance(body, dict):
            raise PortalError(ANSWER, f"{label} is not one invoice", step="detail")
        return label, data

    def fetch_period(self, direction: str, date_from: datetime.date, date_to: datetime.date,
                     *, details: bool = True) -> Fetched:
        """Every list of ``direction`` ("purchase" or "sold"), every page, and each
        invoice's detail; nothing is returned unless everything was fetched."""
        fetched = Fetched()
        for family, list_direction, search_filter in LISTS[direction]:
            records = []
            for label, page, data in self.list_pages(family, list_direction, search_filter,
                                                     date_from, date_to):
                fetched.responses.append((label, data))
                records.extend(item for item in page["datas"] if isinstance(item, dict))
            fetched.invoices += len(records)
            if details:
                for record in records:
                    fetched.responses.append(self.detail(family, record))
                    fetched.details += 1
        return fetched
