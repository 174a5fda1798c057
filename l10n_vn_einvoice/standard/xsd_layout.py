"""The element layout (children, order, cardinality) of a project XSD, read from the XSD.

The inbound reader puts a received document's elements back into the published order
before it validates them.  That order already lives in the project's schemas; reading it
from there keeps one source of truth: a schema changed for a new format version changes
the inbound reader with it, and the two can never disagree.

Only the constructs the project's schemas use are understood (nested anonymous complex
types, named complex types, ``xs:sequence``, ``xs:any``, simple content).  An element
whose content is ``xs:any`` (signature holders, the envelope's payloads) is *opaque*: its
children belong to another schema and are left untouched.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from lxml import etree

XS = "{http://www.w3.org/2001/XMLSchema}"
UNBOUNDED = -1


@dataclass(frozen=True)
class Child:
    """One child element allowed by a sequence."""

    name: str
    min_occurs: int
    max_occurs: int  # UNBOUNDED for maxOccurs="unbounded"
    complex: bool  # has element children (or is opaque); False for text-only elements
    empty_valid: bool  # would <name/> pass the schema (free text, or only optional children)


@dataclass(frozen=True)
class Layout:
    """``children[path]``: the ordered children of the element at ``path`` (a tuple of
    names from the root); ``opaque``: paths whose content is ``xs:any``."""

    root: str
    children: dict
    opaque: frozenset

    def order(self, path: tuple[str, ...]) -> tuple[Child, ...] | None:
        return self.children.get(path)


def _occurs(node, attribute: str) -> int:
    value = node.get(attribute, "1")
    return UNBOUNDED if value == "unbounded" else int(value)


_TEXT_TYPES = ("string", "normalizedString", "token")


class _Reader:
    def __init__(self, schema_root):
        self.types = {node.get("name"): node for node in schema_root.iterfind(f"{XS}complexType")}
        self.simple_types = {node.get("name"): node
                             for node in schema_root.iterfind(f"{XS}simpleType")}
        self.children: dict = {}
        self.opaque: set = set()

    def _empty_text_valid(self, element) -> bool:
        """Whether an empty text passes the element's simple type: plain text without a
        minimum length, pattern or enumeration does; numbers, dates and codes do not."""
        simple = element.find(f"{XS}simpleType")
        type_name = (element.get("type") or "").split(":")[-1]
        while simple is None and type_name in self.simple_types:
            simple = self.simple_types[type_name]
        if simple is None:
            return type_name in _TEXT_TYPES
        restriction = simple.find(f"{XS}restriction")
        if restriction is None:
            return False
        for facet in restriction:
            name = etree.QName(facet).localname
            if name in ("pattern", "enumeration") or (
                    name == "minLength" and int(facet.get("value", "0")) > 0):
                return False
        base = (restriction.get("base") or "").split(":")[-1]
        if base in self.simple_types:
            return self._empty_text_valid(etree.Element("x", type=base))
        return base in _TEXT_TYPES

    def _complex_type(self, element):
        inline = element.find(f"{XS}complexType")
        if inline is not None:
            return inline
        type_name = (element.get("type") or "").split(":")[-1]
        return self.types.get(type_name)

    def element(self, element, path: tuple[str, ...]) -> bool:
        """Record the element at ``path``; True when it has element content."""
        complex_type = self._complex_type(element)
        if complex_type is None or complex_type.find(f"{XS}simpleContent") is not None:
            return False
        sequence = complex_type.find(f"{XS}sequence")
        if sequence is None:
            return False
        if sequence.find(f"{XS}any") is not None:
            self.opaque.add(path)
            return True
        found = []
        for child in sequence.iterfind(f"{XS}element"):
            name = child.get("name")
            child_path = (*path, name)
            is_complex = self.element(child, child_path)
            if is_complex:
                empty_valid = child_path in self.opaque or all(
                    grandchild.min_occurs == 0 for grandchild in self.children[child_path])
            else:
                empty_valid = self._empty_text_valid(child)
            found.append(Child(name, _occurs(child, "minOccurs"), _occurs(child, "maxOccurs"),
                               is_complex, empty_valid))
        self.children[path] = tuple(found)
        return True


@functools.cache
def layout(xsd_path: str) -> Layout:
    """The layout of the single global element of ``xsd_path`` (read once per process)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    schema_root = etree.parse(os.fspath(xsd_path), parser).getroot()
    (top,) = schema_root.findall(f"{XS}element")
    reader = _Reader(schema_root)
    reader.element(top, (top.get("name"),))
    return Layout(top.get("name"), reader.children, frozenset(reader.opaque))
