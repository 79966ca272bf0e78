"""The crosstab's pure parts: groups of a numeric attribute, the order of values, and a
focus-group passage that counts under two values but once in the total."""

import pytest

from workbench.errors import WorkbenchError
from workbench.export.crosstab import attribute_groups, bin_labels, crosstab_table, parse_bins
from workbench.export.matrices import Span

CODES = [{"id": 1, "parent": None, "level": 1, "number": "1", "name": "Access"},
         {"id": 2, "parent": 1, "level": 2, "number": "1.1", "name": "Distance"}]


def person(pid: str, **attributes) -> dict:
    return {"id": pid, "role": pid[0], "attributes": attributes}


def test_bins_and_their_labels():
    assert parse_bins("40, 50") == [40, 50]
    assert bin_labels([40, 50]) == ["< 40", "40 to < 50", "≥ 50"]
    for bad in ("", "50,40", "40,40", "forty"):
        with pytest.raises(WorkbenchError):
            parse_bins(bad)


def test_values_in_order_numbers_first_then_text_then_not_set():
    people = [person("G1", grade=2), person("G2", grade="senior"), person("G3", grade=10),
              person("G4")]
    column, order = attribute_groups(people, "grade", None)
    assert order == ["2", "10", "senior", "(not set)"]
    assert column == {"G1": "2", "G2": "senior", "G3": "10", "G4": "(not set)"}


def test_many_numbers_need_bins_and_bins_group_them():
    people = [person(f"G{i}", age=30 + i, sex="F") for i in range(1, 9)]
    with pytest.raises(WorkbenchError, match=r"--bins .*categorical attribute \(sex\)"):
        attribute_groups(people, "age", None)
    column, order = attribute_groups(people, "age", "35")
    assert order == ["< 35", "≥ 35"]
    assert sum(v == "< 35" for v in column.values()) == 4  # 31–34


def test_a_focus_group_passage_counts_under_both_values_and_once_in_the_total():
    people = [person("G1", sex="F"), person("G2", sex="M"), person("G3", sex="M")]
    spans = [Span(1, 10, 2, 0, 50),  # a passage two speakers share
             Span(2, 10, 2, 0, 50),  # the same passage coded again: counted once
             Span(3, 11, 1, 5, 9)]
    speakers = {(10, 0, 50): ["G1", "G2"], (11, 5, 9): ["G3"]}
    table = crosstab_table(CODES, 2, people, "sex", spans,
                           lambda source, start, end: speakers[source, start, end])
    assert table.columns == ["Theme", "Sub-theme", "F", "M", "Total"]
    assert table.rows[0] == ["Participants (n)", "", 1, 2, 3]
    assert table.rows[1] == ["1 Access", "", "1 · 1/1", "2 · 2/2", "2 · 3/3"]
    assert table.rows[2] == ["", "1.1 Distance", "1 · 1/1", "1 · 1/2", "1 · 2/3"]
    split = crosstab_table(CODES, 1, people, "sex", spans,
                           lambda source, start, end: speakers[source, start, end], split=True)
    assert split.columns[1:3] == ["F: passages", "F: participants"]
    assert split.rows == [["Participants (n)", "", 1, "", 2, "", 3], ["1 Access", 1, 1, 2, 2, 2, 3]]
