"""Writing a whole project as a REFI-QDA project archive (.qdpx): ``project.qde`` (valid
against Project.xsd), each source's text as ``sources/<GUID>.txt`` in UTF-8, and what
QDA-XML has no element for in ``interview-workbench.json`` (see ``workbench_extras``).

The writer takes plain records (``ExportProject``), already in the order they are written;
``workbench.project.exchange`` gathers them from the project with their stable GUIDs.
Positions are code points, as the standard says; for NVivo (``utf16``) UTF-16 code units,
which is what NVivo counts, and the origin says so, so that we read them back right.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from workbench.refi.qdc import code_element
from workbench.refi.workbench_extras import MEMBER, Extras, extras_json
from workbench.text.offsets import Counting, ForeignPositions

NS = "urn:QDA-XML:project:1.0"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class ExportCoding:
    """One coding, written as a selection with one ``Coding``."""

    guid: str
    selection_guid: str
    code_guid: str
    start: int
    end: int
    coder_guid: str
    created: str
    name: str
    memo: str | None
    notes: list[str] = field(default_factory=list)  # GUIDs of memos on the coding


@dataclass
class ExportSource:
    guid: str
    name: str
    text: str
    created: str
    interview_date: str | None
    codings: list[ExportCoding]
    notes: list[str] = field(default_factory=list)


@dataclass
class ExportCase:
    guid: str
    name: str
    sources: list[str]  # GUIDs of the sources whose participant this is
    attributes: dict[str, object]


@dataclass
class ExportNote:
    guid: str
    name: str
    text: str
    author_guid: str | None
    created: str
    updated: str


@dataclass
class ExportProject:
    name: str
    origin: str
    created: str | None
    users: list[tuple[str, str]]  # (guid, name)
    codes: list[dict]  # Codebook.tree()
    code_notes: dict[str, list[str]]  # code GUID → memo GUIDs
    variables: dict[str, str]  # attribute name → variable GUID
    date_variable: str  # the GUID of the sources' "Interview date" variable
    cases: list[ExportCase]
    sources: list[ExportSource]
    notes: list[ExportNote]
    project_notes: list[str]
    note_links: list[tuple[str, str, str]]  # (link GUID, note GUID, case GUID)
    extras: Extras | None = None
    utf16: bool = False  # positions in UTF-16 code units, for NVivo


def qdpx_archive(project: ExportProject) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_qde(project))
        for source in project.sources:
            archive.writestr(f"sources/{source.guid}.txt", source.text.encode("utf-8"))
        if project.extras is not None:
            archive.writestr(MEMBER, extras_json(project.extras))
    return buffer.getvalue()


def project_qde(project: ExportProject) -> bytes:
    origin = project.origin + (" (positions in UTF-16 code units, for NVivo)"
                               if project.utf16 else "")
    root = Element("Project", _attributes(xmlns=NS, name=project.name, origin=origin,
                                          creationDateTime=project.created))
    if project.users:
        users = SubElement(root, "Users")
        for guid, name in project.users:
            SubElement(users, "User", _attributes(guid=guid, name=name))
    if project.codes:
        _codebook(SubElement(SubElement(root, "CodeBook"), "Codes"), project)
    kinds = _variable_kinds(project.cases)
    dated = any(s.interview_date for s in project.sources)
    if kinds or dated:
        variables = SubElement(root, "Variables")
        for name, kind in kinds.items():
            SubElement(variables, "Variable", _attributes(
                guid=project.variables[name], name=name, typeOfVariable=kind))
        if dated:
            SubElement(variables, "Variable", _attributes(
                guid=project.date_variable, name="Interview date", typeOfVariable="Date"))
    if project.cases:
        cases = SubElement(root, "Cases")
        for case in project.cases:
            _case(cases, case, project.variables, kinds)
    if project.sources:
        sources = SubElement(root, "Sources")
        for source in project.sources:
            _source(sources, source, project.date_variable, project.utf16)
    if project.notes:
        notes = SubElement(root, "Notes")
        for note in project.notes:
            element = SubElement(notes, "Note", _attributes(
                guid=note.guid, name=note.name, creatingUser=note.author_guid,
                creationDateTime=note.created, modifiedDateTime=note.updated))
            SubElement(element, "PlainTextContent").text = _xml_text(note.text)
    if project.note_links:
        links = SubElement(root, "Links")
        for guid, note, target in project.note_links:
            SubElement(links, "Link", _attributes(guid=guid, name="Memo", direction="OneWay",
                                                  originGUID=note, targetGUID=target))
    for note in project.project_notes:
        SubElement(root, "NoteRef", targetGUID=note)
    indent(root)
    xml = tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + xml + "\n").encode("utf-8")


def _codebook(codes: Element, project: ExportProject) -> None:
    for code in project.codes:
        code_element(codes, _codable_if_coded(code))
    for element in codes.iter("Code"):
        notes = project.code_notes.get(element.get("guid"), [])
        place = 1 if element.find("Description") is not None else 0
        for offset, note in enumerate(notes):
            element.insert(place + offset, Element("NoteRef", targetGUID=note))


def _codable_if_coded(code: dict) -> dict:
    """A theme that carries codings is written as codable: other programs may refuse codings
    on a code that is not."""
    return {**code, "codable": code["codable"] or code["codings"] > 0,
            "children": [_codable_if_coded(c) for c in code["children"]]}


def _case(parent: Element, case: ExportCase, variables: dict[str, str],
          kinds: dict[str, str]) -> None:
    element = SubElement(parent, "Case", _attributes(guid=case.guid, name=case.name))
    for name, value in sorted(case.attributes.items()):
        _value(element, variables[name], kinds[name], value)
    for source in case.sources:
        SubElement(element, "SourceRef", targetGUID=source)


def _source(parent: Element, source: ExportSource, date_variable: str, utf16: bool) -> None:
    element = SubElement(parent, "TextSource", _attributes(
        guid=source.guid, name=source.name, plainTextPath=f"internal://{source.guid}.txt",
        creationDateTime=source.created))
    units = ForeignPositions(source.text, Counting(utf16=utf16))
    for coding in source.codings:
        selection = SubElement(element, "PlainTextSelection", _attributes(
            guid=coding.selection_guid, name=coding.name,
            startPosition=str(units.counted(coding.start)),
            endPosition=str(units.counted(coding.end)), creatingUser=coding.coder_guid,
            creationDateTime=coding.created))
        if coding.memo:
            SubElement(selection, "Description").text = _xml_text(coding.memo)
        applied = SubElement(selection, "Coding", _attributes(
            guid=coding.guid, creatingUser=coding.coder_guid, creationDateTime=coding.created))
        SubElement(applied, "CodeRef", targetGUID=coding.code_guid)
        for note in coding.notes:
            SubElement(selection, "NoteRef", targetGUID=note)
    for note in source.notes:
        SubElement(element, "NoteRef", targetGUID=note)
    if source.interview_date:
        _value(element, date_variable, "Date", source.interview_date)


def _value(parent: Element, variable: str, kind: str, value: object) -> None:
    element = SubElement(parent, "VariableValue")
    SubElement(element, "VariableRef", targetGUID=variable)
    SubElement(element, f"{kind}Value").text = _value_text(kind, value)


def _variable_kinds(cases: list[ExportCase]) -> dict[str, str]:
    """Each attribute's REFI-QDA type, the narrowest that holds every participant's value."""
    values: dict[str, list[object]] = {}
    for case in cases:
        for name, value in case.attributes.items():
            values.setdefault(name, []).append(value)
    kinds = {}
    for name in sorted(values):
        found = values[name]
        if all(isinstance(v, bool) for v in found):
            kinds[name] = "Boolean"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in found):
            kinds[name] = "Integer"
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                 for v in found):
            kinds[name] = "Float"
        else:
            kinds[name] = "Text"
    return kinds


def _value_text(kind: str, value: object) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Float":
        return format(Decimal(repr(float(value))), "f")  # xsd:decimal has no exponent
    return _xml_text(str(value))


def _attributes(**values: str | None) -> dict[str, str]:
    """XML attributes, leaving out those without a value."""
    return {k: _xml_text(v) for k, v in values.items() if v is not None}


def _xml_text(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)
