"""project.qde (QDA-XML 1.0) → plain records shaped like the file, read leniently.

Real exports differ from Project.xsd in small ways (a missing attribute, another element
order, GUIDs in braces or upper case), so the file is not required to validate: a schema
problem is noted for the report and reading goes on. What cannot be read safely (a DTD or
entities, a root that is not ``Project``) is refused. GUIDs are normalised to lower case
without braces, so that references match however they were written.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from workbench.errors import WorkbenchError
from workbench.records import CodeSpec
from workbench.refi.qdc import code_spec, parse_xml, schema_problem

_GUID = re.compile(r"^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$")
# Parts of a REFI-QDA project that a workbench project has no place for.
OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
_PROJECT_CODE_CHILDREN = frozenset({"NoteRef"})


@dataclass
class RefiCoding:
    guid: str | None
    code: str | None  # the CodeRef's target
    user: str | None
    created: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    guid: str | None
    start: int | None  # None when the attribute is missing or not a number
    end: int | None
    user: str | None
    created: str | None
    description: str | None
    codings: list[RefiCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiText:
    """A ``TextSource``, or a ``Note`` (which has the same shape)."""

    guid: str | None
    name: str
    inline: str | None  # PlainTextContent
    plain_path: str | None
    rich_path: str | None
    user: str | None
    created: str | None
    modified: str | None
    selections: list[RefiSelection] = field(default_factory=list)
    whole_codings: int = 0  # Coding elements on the source itself, not on a selection
    notes: list[str] = field(default_factory=list)
    values: list[tuple[str, str | None, str]] = field(default_factory=list)  # as RefiCase.values


@dataclass
class RefiCase:
    guid: str | None
    name: str
    sources: list[str]
    values: list[tuple[str, str | None, str]]  # (variable GUID, value kind, value text)


@dataclass
class QdeProject:
    name: str
    origin: str | None
    description: str | None
    users: dict[str, str]  # guid → name ('' when it has none)
    codes: list[CodeSpec]  # GUIDs normalised (None when missing or malformed)
    code_notes: dict[str, list[str]]  # code guid → NoteRef targets
    variables: dict[str, tuple[str, str]]  # guid → (name, typeOfVariable)
    cases: list[RefiCase]
    sources: list[RefiText]
    notes: list[RefiText]
    note_links: list[tuple[str, str]]  # (note guid, object guid) from Links between them
    project_notes: list[str]
    left_out: Counter[str]  # "PictureSource" → how many
    left_out_codings: Counter[str]  # "PictureSource" → the codings inside those
    schema_problem: str | None


def normal_guid(value: str | None) -> str | None:
    """``{ABCD…}`` → ``abcd…``; None for anything that is not a GUID."""
    match = _GUID.match((value or "").strip().lower())
    return match.group(1) if match else None


def parse_qde(data: bytes, path: Path) -> QdeProject:
    root = parse_xml(data, path)
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if root.tag.split("}")[-1] != "Project":
        raise WorkbenchError(f"is not a REFI-QDA project: its root element is "
                             f"<{root.tag.split('}')[-1]}>, not <Project>", path)
    reader = _Reader(ns)
    notes = [reader.text(n) for n in reader.all(root, "Notes", "Note")]
    note_guids = {n.guid for n in notes}
    links, other_links = reader.note_links(root, note_guids)
    left_out = Counter({kind: n for kind, n in (
        *((name, len(reader.all(root, "Sources", name))) for name in OTHER_SOURCES),
        ("Set", len(reader.all(root, "Sets", "Set"))),
        ("Graph", len(reader.all(root, "Graphs", "Graph"))),
        ("Link", other_links),
    ) if n})
    left_out_codings = Counter({name: n for name in OTHER_SOURCES if (n := sum(
        len(list(e.iter(reader.tag("Coding")))) for e in reader.all(root, "Sources", name)))})
    codes_element = reader.child(reader.child(root, "CodeBook"), "Codes")
    codes = [_normalised(code_spec(c, ns, allowed=_PROJECT_CODE_CHILDREN))
             for c in reader.children(codes_element, "Code")]
    return QdeProject(
        name=root.get("name", "").strip(),
        origin=root.get("origin"),
        description=reader.text_of(root, "Description"),
        users={g: (u.get("name") or u.get("id") or "").strip()
               for u in reader.all(root, "Users", "User") if (g := normal_guid(u.get("guid")))},
        codes=codes,
        code_notes={g: reader.refs(c, "NoteRef") for c in root.iter(reader.tag("Code"))
                    if (g := normal_guid(c.get("guid")))},
        variables={g: (v.get("name", "").strip(), v.get("typeOfVariable", "Text"))
                   for v in reader.all(root, "Variables", "Variable")
                   if (g := normal_guid(v.get("guid")))},
        cases=[RefiCase(normal_guid(c.get("guid")), c.get("name", "").strip(),
                        reader.refs(c, "SourceRef"), reader.values(c))
               for c in reader.all(root, "Cases", "Case")],
        sources=[reader.text(s) for s in reader.all(root, "Sources", "TextSource")],
        notes=notes,
        note_links=links,
        project_notes=reader.refs(root, "NoteRef"),
        left_out=left_out,
        left_out_codings=left_out_codings,
        schema_problem=schema_problem("Project", root) if ns else "it has no namespace",
    )


def _normalised(spec: CodeSpec) -> CodeSpec:
    return dataclasses.replace(spec, guid=normal_guid(spec.guid),
                               children=[_normalised(c) for c in spec.children])


class _Reader:
    """Element look-ups in the document's namespace (whatever the root declares)."""

    def __init__(self, ns: str) -> None:
        self.ns = ns

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def child(self, element: Element | None, name: str) -> Element | None:
        return None if element is None else element.find(self.tag(name))

    def children(self, element: Element | None, name: str) -> list[Element]:
        return [] if element is None else element.findall(self.tag(name))

    def all(self, root: Element, container: str, name: str) -> list[Element]:
        return self.children(self.child(root, container), name)

    def text_of(self, element: Element, name: str) -> str | None:
        found = self.child(element, name)
        return found.text if found is not None and found.text else None

    def refs(self, element: Element, name: str) -> list[str]:
        """The normalised ``targetGUID`` of each ``name`` child."""
        return [g for r in self.children(element, name) if (g := normal_guid(r.get("targetGUID")))]

    def values(self, element: Element) -> list[tuple[str, str | None, str]]:
        """``VariableValue`` children as (variable guid, value kind, value text)."""
        found = []
        for value in self.children(element, "VariableValue"):
            ref = self.child(value, "VariableRef")
            variable = normal_guid(ref.get("targetGUID")) if ref is not None else None
            typed = [c for c in value if c.tag != self.tag("VariableRef")]
            if variable and typed and (typed[0].text or "").strip():
                kind = typed[0].tag.split("}")[-1].removesuffix("Value")
                found.append((variable, kind, typed[0].text.strip()))
        return found

    def text(self, element: Element) -> RefiText:
        return RefiText(
            guid=normal_guid(element.get("guid")),
            name=(element.get("name") or "").strip(),
            inline=self.text_of(element, "PlainTextContent"),
            plain_path=element.get("plainTextPath"),
            rich_path=element.get("richTextPath"),
            user=normal_guid(element.get("creatingUser")),
            created=element.get("creationDateTime"),
            modified=element.get("modifiedDateTime"),
            selections=[self.selection(s) for s in self.children(element, "PlainTextSelection")],
            whole_codings=len(self.children(element, "Coding")),
            notes=self.refs(element, "NoteRef"),
            values=self.values(element),
        )

    def selection(self, element: Element) -> RefiSelection:
        return RefiSelection(
            guid=normal_guid(element.get("guid")),
            start=_integer(element.get("startPosition")),
            end=_integer(element.get("endPosition")),
            user=normal_guid(element.get("creatingUser")),
            created=element.get("creationDateTime"),
            description=(self.text_of(element, "Description") or "").strip() or None,
            codings=[RefiCoding(normal_guid(c.get("guid")),
                                (self.refs(c, "CodeRef") or [None])[0],
                                normal_guid(c.get("creatingUser")), c.get("creationDateTime"),
                                self.refs(c, "NoteRef"))
                     for c in self.children(element, "Coding")],
            notes=self.refs(element, "NoteRef"),
        )

    def note_links(self, root: Element,
                   notes: set[str | None]) -> tuple[list[tuple[str, str]], int]:
        """Links that tie a note to an object, as (note, object); and how many others there are."""
        found, others = [], 0
        for link in self.all(root, "Links", "Link"):
            ends = normal_guid(link.get("originGUID")), normal_guid(link.get("targetGUID"))
            if ends[0] in notes and ends[1]:
                found.append((ends[0], ends[1]))
            elif ends[1] in notes and ends[0]:
                found.append((ends[1], ends[0]))
            else:
                others += 1
        return found, others


def _integer(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None
