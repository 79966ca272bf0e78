"""REFI-QDA codebooks (.qdc), read and written: parsed with defusedxml and read leniently
on the way in (the namespace taken from the root, each deviation from Codebook.xsd a
warning); written valid against Codebook.xsd on the way out.

The extra fields a REFI-QDA code lacks (short definition, when to use, when not to use,
example, origin, review status, review comments) travel inside ``Description`` as labelled
paragraphs at its end, so that our own .qdc files come back whole; another program's
description becomes the definition.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, indent, tostring

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from workbench.errors import WorkbenchError
from workbench.fields import MAX_CODE_DEPTH, xml_text
from workbench.ingest.codebook_yaml import YamlCodebook
from workbench.records import CodeSpec
from workbench.refi.schemas import schema

NS = "urn:QDA-XML:codebook:1.0"
# The fields REFI-QDA has no element for, as labelled paragraphs of a Description.
LABELLED = (("short_definition", "Short definition"), ("inclusion", "When to use"),
            ("exclusion", "When not to use"), ("example", "Example"), ("origin", "Origin"),
            ("review_status", "Review status"))
LABELS = {label: key for key, label in LABELLED}
STATUSES = ("draft", "proposed", "approved", "disputed")
# A review comment as a paragraph: "Review comment (author · time · open · guid): text", or
# "… · resolved by NAME at TIME · guid): text". Blank lines in its text become line breaks.
_COMMENT = re.compile(r"^Review comment \((?P<meta>.*?)\): (?P<text>.*)$", re.DOTALL)
_RESOLVED = re.compile(r"^resolved(?: by (?P<by>.*?))?(?: at (?P<at>\S+))?$")


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
    """A .qdc codebook as the programs that write them really do, with a warning for each
    way it differs from Codebook.xsd; refused only when it is not a codebook at all."""
    if not path.is_file():
        raise WorkbenchError("no such file", path)
    root = parse_xml(path.read_bytes(), path)
    ns, name = _split_tag(root.tag)
    if name != "CodeBook":
        hint = " (a whole project: import it with `workbench import`)" if name == "Project" else ""
        raise WorkbenchError(f"is not a REFI-QDA codebook: its root element is <{name}>, not "
                             f"<CodeBook>{hint}", path)
    warnings = Warnings()
    if ns not in CODEBOOK_NAMESPACES:
        warnings.add(f"its namespace is '{ns or '(none)'}', not a REFI-QDA codebook's "
                     f"({NS}); it is read as one")
    elif ns != NS:
        warnings.add(f"its namespace is '{ns}' ({CODEBOOK_NAMESPACES[ns]}), not {NS}; the "
                     "elements are the same")
    codes_element = None
    for child in root:
        child_name = _split_tag(child.tag)[1]
        if child_name == "Codes" and codes_element is None:
            codes_element = child
        elif child_name == "Sets":
            count = sum(_split_tag(s.tag)[1] == "Set" for s in child)
            warnings.add(f"{count} set{'s' if count != 1 else ''} (code groups) left out: a "
                         "workbench codebook has no sets" if count else
                         "an empty <Sets/> (Codebook.xsd wants at least one <Set>) is ignored")
        else:
            warnings.add(f"an element <{child_name}> under <CodeBook> is ignored")
    if codes_element is None:
        raise WorkbenchError("is not a REFI-QDA codebook: it has no <Codes> element", path)
    try:
        codes = [code_spec(c, ns, warnings) for c in codes_element
                 if _split_tag(c.tag)[1] == "Code"]
    except WorkbenchError as exc:
        raise WorkbenchError(exc.problem, path) from None
    if not codes:
        raise WorkbenchError("holds no codes (its <Codes> element is empty)", path)
    if not warnings.counts and ns == NS and (problem := schema_problem("Codebook", root)):
        warnings.add(f"it differs from Codebook.xsd ({problem}); it was read leniently")
    return YamlCodebook(codes=codes, warnings=warnings.lines())


CODEBOOK_NAMESPACES = {NS: "the standard", "urn:QDA-XML:codebook:0:4": "ATLAS.ti 9 and later",
                       "urn:QDA-XML:codebook:1:0": "NVivo for Mac"}
_CODE_ATTRIBUTES = {"guid", "name", "isCodable", "color"}
_COLOUR = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}\}?$")


class Warnings:
    """Deviations found while reading, counted by kind, with the first code each was seen on."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.examples: dict[str, str] = {}

    def add(self, kind: str, example: str | None = None) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if example is not None:
            self.examples.setdefault(kind, example)

    def lines(self) -> list[str]:
        found = []
        for kind, count in self.counts.items():
            example = self.examples.get(kind)
            if example is None:
                found.append(kind)
            else:
                found.append(f"{count} code{'s' if count != 1 else ''} {kind} "
                             f"(first: '{example}')")
        return found


def _split_tag(tag: str) -> tuple[str, str]:
    """``{namespace}Name`` → (namespace, Name); no namespace is ''."""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def code_spec(element: Element, ns: str, warnings: Warnings | None = None,
              allowed: frozenset[str] = frozenset(), depth: int = 1) -> CodeSpec:
    """A ``<Code>`` element (of a codebook or a project) with its children, read leniently:
    what the schema requires but is missing gets its default, and ``warnings`` (when given)
    hears of every deviation. ``allowed`` names further child elements the caller reads
    (a project's ``NoteRef``). Codes nested deeper than ``MAX_CODE_DEPTH`` are refused."""
    note = warnings.add if warnings is not None else (lambda kind, example=None: None)
    name = " ".join(element.get("name", "").split())
    label = name or "(unnamed)"
    if not name:
        note("have no name; they are called '(unnamed)'", label)
    guid = element.get("guid")
    if guid is None or not _GUID.match(guid.strip()):
        note("have a missing or malformed GUID; they get a new one", label)
        guid = None
    codable_text = element.get("isCodable")
    if codable_text is None:
        note("have no isCodable; they are taken as codable", label)
    colour = element.get("color")
    if colour is not None and not _COLOUR.match(colour.strip()):
        note("have a colour that is not #RRGGBB; it is left out", label)
        colour = None
    attribute_text = element.get("description")
    if attribute_text is not None:
        note("carry a description attribute (not in Codebook.xsd); it is read as the "
             "Description", label)
    for attribute in sorted(set(element.keys()) - _CODE_ATTRIBUTES - {"description"}):
        note(f"have an attribute {_split_tag(attribute)[1]}, which is ignored", label)
    descriptions, children = [], []
    for child in element:
        child_name = _split_tag(child.tag)[1]
        if child_name == "Description":
            descriptions.append(child.text or "")
        elif child_name == "Code":
            if depth >= MAX_CODE_DEPTH:
                raise WorkbenchError(f"the code '{label}' has sub-codes deeper than "
                                     f"{MAX_CODE_DEPTH} levels; a codebook has at most that "
                                     "many")
            children.append(code_spec(child, ns, warnings, allowed, depth + 1))
        elif child_name not in allowed:
            note(f"have an element <{child_name}>, which is ignored", label)
    if attribute_text is not None and not "".join(descriptions).strip():
        descriptions = [attribute_text]
    if len(descriptions) > 1:
        note("have more than one Description; they are joined", label)
    fields = split_description("\n\n".join(d for d in descriptions if d.strip()))
    return CodeSpec(
        name=label,
        guid=guid.strip() if guid else None,
        colour=colour.strip() if colour else None,
        codable=(codable_text or "true").strip().lower() in ("true", "1"),
        children=children,
        **fields,
    )


def split_description(text: str) -> dict[str, object]:
    fields: dict[str, object] = {v: None for v in LABELS.values()}
    definition, comments = [], []
    for paragraph in text.strip().split("\n\n"):
        label, sep, value = paragraph.partition(": ")
        comment = _read_comment(paragraph)
        if comment is not None:
            comments.append(comment)
        elif sep and label in LABELS:
            fields[LABELS[label]] = value.strip() or None
        elif paragraph.strip():
            definition.append(paragraph.strip())
    if fields["origin"] not in (None, "deductive", "inductive"):
        definition.append(f"Origin: {fields['origin']}")
        fields["origin"] = None
    status = fields["review_status"]
    if status is not None and str(status).lower() not in STATUSES:
        definition.append(f"Review status: {status}")
        fields["review_status"] = None
    elif status is not None:
        fields["review_status"] = str(status).lower()
    fields["definition"] = "\n\n".join(definition) or None
    fields["comments"] = comments
    return fields


def _read_comment(paragraph: str) -> dict | None:
    match = _COMMENT.match(paragraph.strip())
    if not match:
        return None
    meta = [part.strip() for part in match.group("meta").split(" · ")]
    if len(meta) < 3 or not meta[0]:
        return None
    state = _RESOLVED.match(meta[2])
    if meta[2] != "open" and state is None:
        return None
    return {"author": meta[0], "created_at": meta[1] or None, "text": match.group("text").strip(),
            "resolved": meta[2] != "open", "resolved_by": state.group("by") if state else None,
            "resolved_at": state.group("at") if state else None,
            "guid": meta[3] if len(meta) > 3 and meta[3] else None}


def comment_paragraph(comment: dict) -> str:
    """A review comment as a labelled paragraph (read back by ``split_description``)."""
    if comment["resolved"]:
        state = "resolved" + (f" by {comment['resolved_by']}" if comment.get("resolved_by")
                              else "") + (f" at {comment['resolved_at']}"
                                          if comment.get("resolved_at") else "")
    else:
        state = "open"
    meta = [comment["author"], comment["created_at"] or "", state]
    if comment.get("guid"):
        meta.append(comment["guid"])
    text = re.sub(r"\n\s*\n", "\n", comment["text"].strip())
    return f"Review comment ({' · '.join(meta)}): {text}"


# -- writing ------------------------------------------------------------------------------


def description(code: dict) -> str:
    """The definition, then the fields REFI-QDA has no place for, as labelled paragraphs."""
    parts = [code["definition"]] if code.get("definition") else []
    parts += [f"{label}: {code[key]}" for key, label in LABELLED if code.get(key)
              and not (key == "review_status" and code[key] == "draft")]
    parts += [comment_paragraph(c) for c in code.get("comments") or []]
    return "\n\n".join(parts)


def code_element(parent: Element, code: dict, tag: str = "Code") -> Element:
    element = SubElement(parent, tag, {"guid": code["guid"], "name": xml_text(code["name"]),
                                       "isCodable": "true" if code["codable"] else "false"})
    if code.get("colour"):
        element.set("color", code["colour"])
    text = xml_text(description(code))
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
