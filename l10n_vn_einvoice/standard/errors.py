"""Errors of the standard core: each names the field and the rule that failed."""

from __future__ import annotations


class StandardError(ValueError):
    """A value breaks a rule of the standard.

    ``field`` is the tag or field concerned (``KHHDon``, ``NMua/MST``…), ``rule`` a short
    machine-readable name (``symbol.year``), ``message`` the English text and
    ``message_vi`` the Vietnamese one shown to Vietnamese users.
    """

    def __init__(self, field: str, rule: str, message: str, message_vi: str = ""):
        self.field = field
        self.rule = rule
        self.message = message
        self.message_vi = message_vi or message
        super().__init__(f"{field}: {message}")


class InvalidCode(StandardError):
    """A code (MST, personal ID, symbol, form, number, cash-register code…) is malformed."""


class HostileXmlError(StandardError):
    """XML refused before parsing its content: DOCTYPE, entities, external references, size."""

    def __init__(self, message: str, message_vi: str = ""):
        super().__init__("xml", "xml.hostile", message, message_vi)


class InvalidDocument(StandardError):
    """An XML document failed schema, arithmetic or code validation.

    ``problems`` is a list of :class:`Problem` (xpath + message).
    """

    def __init__(self, problems):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        text = "; ".join(f"{p.xpath}: {p.message}" for p in self.problems[:5])
        super().__init__(first.xpath if first else "xml", "xml.invalid",
                         f"invalid e-invoice XML: {text}",
                         f"XML hóa đơn điện tử không hợp lệ: {text}")
