"""Writing the codebook as YAML in the format that ``ingest.codebook_yaml`` reads."""

from __future__ import annotations

import yaml

from workbench.ingest.codebook_yaml import FORMAT


class _Folded(str):
    """A long text written as a folded block, so that the file stays readable."""


def _folded(dumper: yaml.SafeDumper, value: _Folded) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Folded, _folded)


def _value(text: str) -> str:
    return _Folded(text) if len(text) > 80 and "\n" not in text else text


def _comment(comment: dict, with_guid: bool) -> dict:
    out: dict[str, object] = {}
    if with_guid and comment.get("guid"):
        out["guid"] = comment["guid"]
    out["author"] = comment["author"]
    out["at"] = comment["created_at"]
    out["text"] = _value(comment["text"])
    out["resolved"] = bool(comment["resolved"])
    if comment.get("resolved_by"):
        out["resolved_by"] = comment["resolved_by"]
    if comment.get("resolved_at"):
        out["resolved_at"] = comment["resolved_at"]
    return out


def codebook_to_yaml(tree: list[dict], title: str | None = None,
                     description: str | None = None, reference: str | None = None,
                     with_guids: bool = True) -> str:
    """``tree`` is ``Codebook.tree()`` (with ``comments`` on each node, if they are to be
    written); fields that are empty are left out, and so is the status ``draft``."""

    def node(code: dict) -> dict:
        out: dict[str, object] = {"name": code["name"]}
        if with_guids:
            out["guid"] = code["guid"]
        for key, field in (("short", "short_definition"), ("definition", "definition"),
                           ("when_to_use", "inclusion"), ("when_not_to_use", "exclusion"),
                           ("example", "example"), ("colour", "colour"), ("origin", "origin")):
            if code.get(field):
                out[key] = _value(code[field])
        if not code["codable"]:
            out["codable"] = False
        if code.get("review_status") and code["review_status"] != "draft":
            out["status"] = code["review_status"]
        if code.get("comments"):
            out["comments"] = [_comment(c, with_guids) for c in code["comments"]]
        if code["children"]:
            out["children"] = [node(child) for child in code["children"]]
        return out

    document: dict[str, object] = {"format": FORMAT}
    if title:
        document["title"] = title
    if description:
        document["description"] = _value(description)
    if reference:
        document["reference"] = _value(reference)
    document["codes"] = [node(code) for code in tree]
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
