"""The sandbox playing the tax portal (hoadondientu.gdt.gov.vn), so that fetching a period
from Odoo is tested end to end over HTTP (issue 24 item 3).

Mounted under :data:`PREFIX` (the client's base URL is ``<sandbox>/gdt-portal/api``), it
answers as :mod:`..portal_client` describes the portal: a captcha (a key and an SVG whose
text is drawn with ``<text>`` glyphs — the real one draws paths, an image either way),
one use per captcha; the login checks the captcha, then the account; lists with the
``search`` filter (``tdlap`` in Vietnam time, ``ttxly``), ``size`` and the ``state``
cursor (a hex string, ``null`` on the last page); details by ``nbmst, khhdon, shdon,
khmshdon``.  What it serves is what a test published (:meth:`PortalContract.publish`):
records and details in the portal's own JSON shapes, e.g. the real responses of the tests'
reference files.

Like the portal's web firewall (third-party observation, 2026), every call but the captcha
without a ``request-id`` header is blocked with HTTP 403 and the firewall's message.  The
sandbox's faults apply per operation (``portal_captcha``, ``portal_login``,
``portal_list``, ``portal_detail``): ``timeout`` holds the answer then drops the
connection, ``err`` with code ``firewall`` answers the 403 block, ``firewall_html`` the
block page as HTML with status 200 (the F5 page).
"""

from __future__ import annotations

import datetime
import json
import secrets
import string
import threading
from dataclasses import dataclass
from xml.sax.saxutils import escape

from werkzeug.wrappers import Request, Response

from ...standard import portal_data
from .app import Contract

NAME = "portal"
PREFIX = "/gdt-portal/api/"
FIREWALL_MESSAGE = "Hệ thống phát hiện hành vi không hợp lệ. Yêu cầu đã bị chặn."
WRONG_CAPTCHA = "Mã captcha không đúng."
WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
CAPTCHA_ALPHABET = "".join(ch for ch in string.ascii_letters + string.digits
                           if ch not in "0O1lI")
DETAIL_KEYS = ("nbmst", "khhdon", "shdon", "khmshdon")
MAX_PAGE_SIZE = 50


@dataclass(frozen=True)
class IssuedCaptcha:
    key: str
    text: str


def _json(body, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/json")


def captcha_svg(text: str) -> str:
    """An SVG as the portal's captcha is (200×50, noise lines), with ``text`` in it."""
    glyphs = "".join(
        f'<text x="{22 + 30 * index}" y="{34 + (index % 2) * 6}" fill="#{(index * 47) % 256:02x}'
        f'4a6b" font-size="30" font-family="monospace" transform="rotate({(index % 3 - 1) * 8}'
        f' {22 + 30 * index} 30)">{escape(char)}</text>' for index, char in enumerate(text))
    noise = "".join(f'<path d="M{4 + 37 * i} {8 + (i * 13) % 40} C60 {i * 9} 140 {50 - i * 7} '
                    f'196 {20 + i * 5}" stroke="#888" fill="none"/>' for i in range(4))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" '
            f'viewBox="0,0,200,50">{noise}{glyphs}</svg>')


def _day(value: str) -> datetime.date:
    """``dd/mm/yyyyTHH:MM:SS`` of the portal's search (its time part is not used)."""
    return datetime.datetime.strptime(value.split("T")[0], "%d/%m/%Y").date()


def _parse_search(search: str) -> dict:
    """``tdlap=ge=…;tdlap=le=…[;ttxly==N][;nbmst==…][;nmmst==…]`` → the filter; a term
    the sandbox does not know is refused (a client must not ask what it cannot get)."""
    terms = {}
    for term in search.split(";"):
        if term.startswith("tdlap=ge="):
            terms["from"] = _day(term[9:])
        elif term.startswith("tdlap=le="):
            terms["to"] = _day(term[9:])
        elif "==" in term and term.split("==")[0] in ("ttxly", "nbmst", "nmmst"):
            name, value = term.split("==", 1)
            terms[name] = value
        else:
            raise ValueError(f"unknown search term {term!r}")
    if "from" not in terms or "to" not in terms:
        raise ValueError("search needs tdlap=ge= and tdlap=le=")
    return terms


class PortalContract(Contract):
    name = NAME
    prefixes = (PREFIX,)

    def __init__(self, sandbox):
        super().__init__(sandbox)
        self._lock = threading.Lock()
        self.accounts: dict[str, str] = {}
        self.captcha_texts: list[str] = []  # tests may queue the next texts
        self.current_captcha: IssuedCaptcha | None = None
        self.logins = 0
        self.calls: list[str] = []  # the operations answered, in order
        self._captchas: dict[str, str] = {}
        self._tokens: dict[str, str] = {}
        self._cursors: dict[str, tuple[tuple, int]] = {}
        self._lists: dict[tuple[str, str, str], list[dict]] = {}
        self._details: dict[tuple[str, str, tuple], dict] = {}

    # --- what tests set up ------------------------------------------------------------

    def add_account(self, username: str, password: str) -> None:
        with self._lock:
            self.accounts[username] = password

    def publish(self, tax_code: str, family: str, direction: str, records: list[dict],
                details: list[dict] = ()) -> None:
        """Serve ``records`` in ``tax_code``'s ``family`` ("query"/"sco-query") list of
        ``direction`` ("sold"/"purchase"), and ``details`` by their identity."""
        with self._lock:
            self._lists.setdefault((tax_code, family, direction), []).extend(records)
            for detail in details:
                self._details[(tax_code, family, self._identity(detail))] = detail

    @staticmethod
    def _identity(record) -> tuple:
        return tuple(str(record.get(name) if record.get(name) is not None else "")
                     for name in DETAIL_KEYS)

    # --- Contract interface -------------------------------------------------------------

    def operation_of(self, request: Request) -> str:
        path = request.path[len(PREFIX):].strip("/")
        if path == "captcha":
            return "portal_captcha"
        if path == "security-taxpayer/authenticate":
            return "portal_login"
        if path.endswith("/invoices/detail"):
            return "portal_detail"
        return "portal_list"

    def handle(self, request: Request, operation: str) -> Response:
        if operation != "portal_captcha" and not request.headers.get("request-id"):
            return self._firewall()
        with self._lock:
            self.calls.append(operation)
        if operation == "portal_captcha":
            return self._captcha()
        if operation == "portal_login":
            return self._login(request)
        username = self._user(request)
        if username is None:
            return _json({"status": 401, "message": "Phiên đăng nhập đã hết hạn."}, 401)
        try:
            if operation == "portal_detail":
                return self._detail(request, username)
            return self._list(request, username)
        except ValueError as exc:
            return _json({"status": 400, "message": str(exc)}, 400)

    def error_response(self, operation: str, code: str) -> Response:
        if code == "firewall_html":
            return Response("<html><head><title>Request Rejected</title></head><body>The "
                            "requested URL was rejected. Please consult with your "
                            "administrator.</body></html>", status=200,
                            content_type="text/html")
        if code == "firewall":
            return self._firewall()
        return _json({"status": 500, "message": f"sandbox error {code}"}, 500)

    def fault_response(self, operation: str) -> Response:
        return _json({"status": 500, "message": f"sandbox fault in {operation}"}, 500)

    def internal_error(self, request: Request, operation: str) -> Response:
        return _json({"status": 500, "message": f"unexpected error in {operation}"}, 500)

    @staticmethod
    def _firewall() -> Response:
        return _json({"status": 403, "message": FIREWALL_MESSAGE}, 403)

    # --- captcha and login ----------------------------------------------------------------

    def _captcha(self) -> Response:
        with self._lock:
            text = self.captcha_texts.pop(0) if self.captcha_texts else "".join(
                secrets.choice(CAPTCHA_ALPHABET) for _i in range(6))
            key = secrets.token_hex(16)
            self._captchas[key] = text
            self.current_captcha = IssuedCaptcha(key, text)
        return _json({"key": key, "content": captcha_svg(text)})

    def _login(self, request: Request) -> Response:
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _json({"status": 400, "message": "Dữ liệu không hợp lệ."}, 400)
        with self._lock:
            expected = self._captchas.pop(str(body.get("ckey", "")), None)  # one use
            if expected is None or str(body.get("cvalue", "")) != expected:
                return _json({"status": 401, "message": WRONG_CAPTCHA}, 401)
            username = str(body.get("username", ""))
            if self.accounts.get(username) != str(body.get("password", "")) or \
                    username not in self.accounts:
                return _json({"status": 401, "message": WRONG_LOGIN}, 401)
            token = secrets.token_urlsafe(32)
            self._tokens[token] = username.split("-")[0]
            self.logins += 1
        return _json({"token": token})

    def _user(self, request: Request) -> str | None:
        header = request.headers.get("Authorization", "")
        token = header[7:] if header.startswith("Bearer ") else ""
        with self._lock:
            return self._tokens.get(token)

    # --- lists and details --------------------------------------------------------------------

    def _list(self, request: Request, tax_code: str) -> Response:
        family, _, direction = request.path[len(PREFIX):].strip("/").partition("/invoices/")
        if family not in ("query", "sco-query") or direction not in ("sold", "purchase"):
            return _json({"status": 404, "message": "Không tìm thấy."}, 404)
        size = min(int(request.args.get("size", "15")), MAX_PAGE_SIZE)
        cursor = request.args.get("state")
        with self._lock:
            if cursor:
                if cursor not in self._cursors:
                    raise ValueError("state không hợp lệ")
                query, offset = self._cursors.pop(cursor)
            else:
                query, offset = (tax_code, family, direction, request.args.get("search", "")), 0
            if query[0] != tax_code:
                raise ValueError("state không hợp lệ")
            records = list(self._lists.get((tax_code, family, direction), ()))
        matching = self._matching(records, _parse_search(query[3]), direction, tax_code)
        page = matching[offset:offset + size]
        following = None
        if offset + size < len(matching):
            following = secrets.token_hex(20)
            with self._lock:
                self._cursors[following] = (query, offset + size)
        return _json({"datas": page, "total": len(matching), "state": following, "time": 7})

    @staticmethod
    def _matching(records, terms, direction, tax_code) -> list[dict]:
        ours = "nmmst" if direction == "purchase" else "nbmst"
        found = []
        for record in records:
            if str(record.get(ours, "")).split("-")[0] != tax_code:
                continue
            day = portal_data.vietnam_date(record.get("tdlap"))
            if not terms["from"] <= day <= terms["to"]:
                continue
            if any(str(record.get(name)) != value for name, value in terms.items()
                   if name in ("ttxly", "nbmst", "nmmst")):
                continue
            found.append(record)
        return found

    def _detail(self, request: Request, tax_code: str) -> Response:
        family = request.path[len(PREFIX):].strip("/").split("/")[0]
        identity = tuple(request.args.get(name, "") for name in DETAIL_KEYS)
        with self._lock:
            detail = self._details.get((tax_code, family, identity))
            if detail is None:  # no detail published: the list's record, without lines
                detail = next((record for (code, fam, _d), records in self._lists.items()
                               if code == tax_code and fam == family for record in records
                               if self._identity(record) == identity), None)
        if detail is None:
            return _json({"status": 404, "message": "Không tìm thấy hóa đơn."}, 404)
        return _json(detail)
