"""Issue #20, generated inputs for the store, CLI and export half: whatever the text, the
shared CSV writer writes no formula, an attribute value is stored as JSON SQLite can read,
a code field is refused or written as XML that reads back, and the YAML codebook reader
answers with a codebook or a WorkbenchError, nothing else."""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
import tempfile
from pathlib import Path
from xml.etree.ElementTree import Element, fromstring, tostring

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from workbench.errors import WorkbenchError  # noqa: E402
from workbench.export.rows import _NUMBER, FORMULA_STARTS, to_csv  # noqa: E402
from workbench.fields import clean_fields, check_name  # noqa: E402
from workbench.ingest.codebook_yaml import read_codebook_yaml  # noqa: E402
from workbench.text.values import parse_attributes, typed_value  # noqa: E402

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
# Text that leans towards what breaks things: formula starts, control characters, numbers.
HOSTILE_TEXT = st.text(st.one_of(st.sampled_from("=+-@\t\r\n\x00\x07\x1b\ufffe'\"|;,.0123e"),
                                 st.characters()), max_size=40)


@FAST
@given(st.lists(HOSTILE_TEXT, min_size=1, max_size=5))
def test_csv_cells_never_start_a_formula_and_read_back(cells):
    columns = [f"c{i}" for i in range(len(cells))]
    written = to_csv([dict(zip(columns, cells))], columns)
    header, row = list(csv.reader(io.StringIO(written, newline="")))
    assert header == columns
    for original, cell in zip(cells, row):
        formula = original.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(original)
        expected = ("'" + original if formula else original)
        assert cell == expected.replace("\r\n", "\n").replace("\r", "\n")
        assert not cell.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(cell)


@FAST
@given(HOSTILE_TEXT | st.sampled_from(["nan", "NaN", "-inf", "Infinity", "1e999", "-1e400",
                                        "3.5", "-0", "10" * 30]))
def test_an_attribute_value_is_always_storable_json(value):
    typed = typed_value(value)
    stored = json.dumps({"a": typed}, allow_nan=False)  # raises for NaN and infinities
    conn = sqlite3.connect(":memory:")
    assert conn.execute("SELECT json_valid(?)", [stored]).fetchone() == (1,)
    if isinstance(typed, float):
        assert math.isfinite(typed)


@FAST
@given(st.lists(st.tuples(st.text(st.characters(blacklist_characters="="), min_size=1,
                                  max_size=8), HOSTILE_TEXT), max_size=4))
def test_parsed_attributes_are_storable(pairs):
    items = [f"{key}={value}" for key, value in pairs]
    try:
        values = parse_attributes(items)
    except WorkbenchError:
        return
    json.dumps(values, allow_nan=False)


@FAST
@given(st.sampled_from(["definition", "inclusion", "example", "colour", "origin"]),
       HOSTILE_TEXT)
def test_a_code_field_is_refused_or_written_as_xml_that_reads_back(field, value):
    try:
        cleaned = clean_fields({field: value})[field]
    except WorkbenchError as exc:
        assert exc.problem  # a message, not a crash
        return
    element = Element("Description")
    element.text = cleaned or ""
    assert (fromstring(tostring(element)).text or "") == (cleaned or "")


@FAST
@given(HOSTILE_TEXT)
def test_a_code_name_is_refused_or_clean(name):
    try:
        cleaned = check_name(name)
    except WorkbenchError:
        return
    assert cleaned == " ".join(cleaned.split()) and 0 < len(cleaned) <= 200
    element = Element("Code", {"name": cleaned})
    assert fromstring(tostring(element)).get("name") == cleaned


YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), HOSTILE_TEXT)
YAML_VALUES = st.recursive(YAML_SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(HOSTILE_TEXT, inner, max_size=3), max_leaves=12)
NODE_KEYS = ["name", "guid", "short", "definition", "when_to_use", "when_not_to_use",
             "example", "colour", "codable", "origin", "children", "other"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(NODE_KEYS), YAML_VALUES, max_size=5),
                min_size=1, max_size=3))
def test_the_yaml_reader_answers_with_a_codebook_or_a_message(codes):
    import yaml

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.yaml"
        path.write_text(yaml.safe_dump({"codes": codes}, allow_unicode=True), encoding="utf-8")
        try:
            book = read_codebook_yaml(path)
        except WorkbenchError as exc:
            assert str(path) in str(exc)
            return
        for spec in book.codes:
            for value in (spec.name, spec.definition, spec.inclusion, spec.example):
                assert value is None or isinstance(value, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from("codes:- name&*[]{}\n #!|>'\"ab1"), max_size=80))
def test_any_text_as_a_yaml_codebook_gives_a_codebook_or_a_message(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            read_codebook_yaml(path)
        except WorkbenchError as exc:
            assert str(path) in str(exc)
