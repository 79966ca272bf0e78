"""Writing the codebook as a REFI-QDA .qdc file (valid against Codebook.xsd)."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, indent, tostring

NS = "urn:QDA-XML:codebook:1.0"
LABELLED = (("short_definition", "Short definition"), ("inclusion", "When to use"),
            ("exclusion", "When not to use"), ("example", "Example"), ("origin", "Origin"))


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
