"""REFI-QDA codebooks (.qdc), read and written: parsed with defusedxml and checked against
Codebook.xsd on the way in; written valid against it on the way out.

The extra fields a REFI-QDA code lacks (short definition, when to use, when not to use,
example, origin) travel inside ``Description`` as labelled paragraphs at its end, so that
our own .qdc files come back whole; another program's description becomes the definition.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, indent, tostring

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from workbench.errors import WorkbenchError
from workbench.ingest.codebook_yaml import YamlCodebook
from workbench.records import CodeSpec
from workbench.refi.schemas import schema

NS = "urn:QDA-XML:codebook:1.0"
# The fields REFI-QDA has no element for, as labelled paragraphs of a Description.
LABELLED = (("short_definition", "Short definition"), ("inclusion", "When to use"),
            ("exclusion", "When not to use"), ("example", "Example"), ("origin", "Origin"))
LABELS = {label: key for key, label in LABELLED}


def parse_xml(data: bytes, path: Path) -> Element:
    """Parse untrusted XML: entity declarations and DTDs are refused."""
    try:
        return safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise WorkbenchError(f"is refused: the XML declares a DTD or entities ({type(exc).__name__}); "
                             "REFI-QDA files never need them", path) from None
    except safe_xml.ParseError as exc:
        raise WorkbenchError(f"is not well-formed XML ({exc})", path) from None


def schema_problem(name: str, root: Element) -> str | None:
    """The first way ``root`` breaks the schema, naming the element and why, or None."""
    error = next(iter(schema(name).iter_errors(root)), None)
    if error is None:
        return None
    where = error.path or (error.elem.tag if error.elem is not None else "the document")
    where = re.sub(r"\{[^}]*\}", "", where)  # element names without their namespace
    return f"{where}: {error.reason or error.message}"


def read_qdc(path: Path) -> YamlCodebook:
    if not path.is_file():
        raise WorkbenchError("no such file", path)
    root = parse_xml(path.read_bytes(), path)
    problem = schema_problem("Codebook", root)
    if problem:
        raise WorkbenchError(f"does not match the REFI-QDA codebook schema ({problem})", path)
    codes = root.find(f"{{{NS}}}Codes")
    return YamlCodebook(codes=[code_spec(c, NS) for c in codes.findall(f"{{{NS}}}Code")])


def code_spec(element: Element, ns: str) -> CodeSpec:
    """A ``<Code>`` element (of a codebook or a project namespace) with its children."""
    description = element.findtext(f"{{{ns}}}Description") or ""
    fields = split_description(description)
    return CodeSpec(
        name=element.get("name", "").strip(),
        guid=element.get("guid"),
        colour=element.get("color"),
        codable=element.get("isCodable", "true").strip().lower() in ("true", "1"),
        children=[code_spec(c, ns) for c in element.findall(f"{{{ns}}}Code")],
        **fields,
    )


def split_description(text: str) -> dict[str, str | None]:
    fields: dict[str, str | None] = {v: None for v in LABELS.values()}
    definition = []
    for paragraph in text.strip().split("\n\n"):
        label, sep, value = paragraph.partition(": ")
        if sep and label in LABELS:
            fields[LABELS[label]] = value.strip() or None
        elif paragraph.strip():
            definition.append(paragraph.strip())
    if fields["origin"] not in (None, "deductive", "inductive"):
        definition.append(f"Origin: {fields['origin']}")
        fields["origin"] = None
    fields["definition"] = "\n\n".join(definition) or None
    return fields


# -- writing ------------------------------------------------------------------------------


def description(code: dict) -> str:
    """The definition, then the fields REFI-QDA has no place for, as labelled paragraphs."""
    parts = [code["definition"]] if code.get("definition") else []
    parts += [f"{label}: {code[key]}" for key, label in LABELLED if code.get(key)]
    return "\n\n".join(parts)


def code_element(parent: Element, code: dict, tag: str = "Code") -> Element:
    element = SubElement(parent, tag, {"guid": code["guid"], "name": code["name"],
                                       "isCodable": "true" if code["codable"] else "false"})
    if code.get("colour"):
        element.set("color", code["colour"])
    text = description(code)
    if text:
        SubElement(element, "Description").text = text
    for child in code["children"]:
        code_element(element, child)
    return element


def codebook_to_qdc(tree: list[dict], origin: str) -> bytes:
    """``tree`` is ``Codebook.tree()``."""
    root = Element("CodeBook", {"xmlns": NS, "origin": origin})
    codes = SubElement(root, "Codes")
    for code in tree:
        code_element(codes, code)
    indent(root)
    xml = tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + xml + "\n").encode("utf-8")
