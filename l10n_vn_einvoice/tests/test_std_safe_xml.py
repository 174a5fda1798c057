"""Hostile or broken XML is refused quickly, with a named rule and EN + VI messages."""

import time

import pytest

from ..standard.errors import HostileXmlError, StandardError
from ..standard.safe_xml import parse_xml

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1
                                                        else b"&lol;" * 10) for i in range(1, 10))
                  + b"]><lolz>&lol9;</lolz>")


@pytest.mark.parametrize("data", [
    BILLION_LAUGHS,
    b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.com/x.dtd"><x/>',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    b'<x xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/passwd"/></x>',
])
def test_hostile_documents_are_refused(data):
    with pytest.raises(HostileXmlError) as info:
        parse_xml(data)
    assert info.value.rule == "xml.hostile"
    assert info.value.message_vi != info.value.message


def test_billion_laughs_refused_in_milliseconds():
    big = BILLION_LAUGHS + b" " * 1_000_000
    start = time.perf_counter()
    with pytest.raises(HostileXmlError):
        parse_xml(big)
    assert time.perf_counter() - start < 0.05


def test_size_limit():
    with pytest.raises(HostileXmlError):
        parse_xml(b"<x>" + b"a" * 2000 + b"</x>", max_bytes=1000)


def test_deep_nesting_is_refused():
    data = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(StandardError):
        parse_xml(data)


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0" encoding="UTF-8"?><x>caf\xe9</x>',
    '<?xml version="1.0" encoding="UTF-16"?><x/>'.encode("utf-16"),
    b'<?xml version="1.0" encoding="ISO-8859-1"?><x>caf\xe9</x>',
])
def test_wrong_encoding_is_a_clear_error(data):
    with pytest.raises(StandardError) as info:
        parse_xml(data)
    assert info.value.rule == "xml.encoding"


def test_malformed_xml():
    with pytest.raises(StandardError) as info:
        parse_xml(b"<HDon><DLHDon></HDon>")
    assert info.value.rule == "xml.syntax"


def test_good_document_with_bom_and_text():
    root = parse_xml('\ufeff<?xml version="1.0" encoding="utf-8"?><x>Hóa đơn</x>'.encode())
    assert root.text == "Hóa đơn"
    assert parse_xml("<x>chuỗi</x>").text == "chuỗi"
