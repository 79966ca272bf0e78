"""Participant attributes and the characteristics table."""

import csv
import json
import statistics

from workbench.analysis.characteristics import characteristics
from workbench.project import Project


def sample_rows(samples):
    with (samples / "participants.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_attributes_are_typed(samples, sample_project):
    with Project.open(sample_project) as project:
        people = {p["id"]: p for p in project.participants()}
    first = sample_rows(samples)[0]
    assert people[first["id"]]["attributes"]["age"] == int(first["age"])
    assert people[first["id"]]["attributes"]["sex"] == first["sex"]
    assert len(people) == 20


def test_summary_mean_and_sd_match_statistics(samples, sample_project):
    with Project.open(sample_project) as project:
        table = project.participant_summary()
    rows = {row[0]: row[1:] for row in table.rows}
    assert table.columns[0] == "Total" and table.columns[1] == "G (General practitioner)"
    assert rows["n"] == ["20", "11", "5", "4"]
    ages = [int(r["age"]) for r in sample_rows(samples)]
    gp_ages = [int(r["age"]) for r in sample_rows(samples) if r["id"].startswith("G")]
    age = [row[0] for row in table.rows].index("age, n with a value")
    assert table.rows[age + 1][1:3] == [
        f"{statistics.mean(ages):.1f} ± {statistics.stdev(ages):.1f} ({min(ages)}–{max(ages)})",
        f"{statistics.mean(gp_ages):.1f} ± {statistics.stdev(gp_ages):.1f} "
        f"({min(gp_ages)}–{max(gp_ages)})"]
    assert rows["age, n with a value"] == ["20", "11", "5", "4"]
    women = sum(1 for r in sample_rows(samples) if r["sex"] == "F")
    assert rows["  F, n (%)"][0] == f"{women} ({100 * women / 20:.1f}%)"
    assert not any("missing" in row[0] for row in table.rows)  # nothing is missing


def test_characteristics_leaves_out_unique_text_and_handles_single_values():
    people = [{"id": f"G{i}", "role": "G", "sources": 1,
               "attributes": {"name": f"P{i}", "age": 30 + i}} for i in range(12)]
    people.append({"id": "N1", "role": "N", "sources": 1,
                   "attributes": {"name": "Solo", "age": 50}})
    table = characteristics(people, [{"prefix": "G", "label": "GP"}, {"prefix": "N", "label": "Nurse"}])
    labels = [row[0] for row in table.rows]
    assert not any(label.startswith("name") for label in labels)
    assert "Not shown (a different value for nearly everyone): name." in table.notes
    assert table.rows[2][-1] == "50.0 (50–50)"  # one nurse: no SD


def test_set_and_remove_attributes_via_cli(cli, project_path):
    assert cli("participants", "set", "g3", "age=45", "sex=F").exit_code == 0
    assert cli("participants", "set", "G3", "sex=").exit_code == 0
    listed = json.loads(cli("participants", "list", "--format", "json").output)
    assert listed == [{"id": "G3", "role": "G", "role_label": "General practitioner",
                       "sources": 0, "turns": 0, "age": 45}]


def test_a_role_is_relabelled_everywhere_and_bad_labels_change_nothing(demo, cli_on, dump,
                                                                         query):
    run = cli_on(demo)
    before = dump(demo)
    for args, message in [(["X", "Pharmacist"], "no role 'X': the roles are G, N, M"),
                          (["G", "  "], "a label is one line"),
                          (["G", "Family\ndoctor"], "without control characters")]:
        result = run("participants", "role", *args)
        assert result.exit_code == 1 and message in result.output
    assert dump(demo) == before
    result = run("participants", "role", "g", "Family doctor")
    assert result.exit_code == 0 and "Role G: Family doctor" in result.output
    assert query(demo, "SELECT label FROM roles WHERE prefix = 'G'") == [("Family doctor",)]
    assert "Family doctor" in run("participants", "list", "--format", "json").output


def test_attribute_names_and_values_with_control_characters_are_refused(demo, cli_on, dump):
    before = dump(demo)
    for item, message in [("note=a\tb", "the value has a control character"),
                          ("no\x1bte=x", "without '=' or control characters")]:
        result = cli_on(demo)("participants", "set", "G1", item)
        assert result.exit_code == 1 and message in result.output, result.output
    assert dump(demo) == before
