"""Quote retrieval on the demo project: filters against independent SQL, text search
(exact, hostile input, Chinese, fuzzy, lemma), context, citations and the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.analysis.citations import cite, citation_tag, role_abbreviation, shorten
from workbench.cli.quotes import quotes
from workbench.project.demo import build_demo
from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.retrieval import QuoteQuery, find_quotes, sentences
from workbench.retrieval.attributes import resolve_name
from workbench.text.normalize import word_count

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "quotes"
HOSTILE = ['"', "(", ")", "AND", "OR", "NOT", "*", "-x", "NEAR(", "NEAR(a b", "'", ":",
           '"unbalanced', "unbalanced\"", 'a" OR "b', "text:foo", "^start", "{a b}", "a + b",
           "[x]", "\\", "%", "_", "''", '""', "   ", "AND OR NOT", "*a*", "col:", "-", "“”"]


@pytest.fixture(scope="module")
def demo_path(samples, tmp_path_factory) -> Path:
    """The demo (with N1's Chinese follow-up) with G1's Chinese interview, one more
    interview (about GPs' workload) and a coding by a second coder directly on a theme."""
    built, _ = build_demo(tmp_path_factory.getbasetemp() / "demo", second_coder=False)
    path = tmp_path_factory.mktemp("quotes") / "demo.sqlite"
    shutil.copy(built, path)
    extra = tmp_path_factory.mktemp("extra")
    shutil.copy(samples / "zh" / "G1_访谈.txt", extra / "G1_访谈.txt")
    shutil.copy(FIXTURES / "G12.txt", extra / "G12.txt")
    with Project.open(path) as project:
        report = project.import_paths([extra])
        assert report.ok and len(report.imported) == 2, report.failed
        source = project.source("G12.txt")
        start = source["text"].index("Our time with each patient")
        end = source["text"].index("the district.") + len("the district.")
        project.codings.apply(source["id"], start, end, MODELS, coder="second coder",
                             exemplar=True)
    return path


@pytest.fixture(scope="module")
def demo(demo_path: Path):
    with Project.open(demo_path) as project:
        yield project


def search(project: Project, **filters):
    return find_quotes(project.db, project.codebook, QuoteQuery(**filters))


def spans(hits) -> list[tuple[int, int, int]]:
    return [(h.source_id, h.start, h.end) for h in hits]


# -- filters against independent SQL -------------------------------------------------------

# A coding's participant here is the one whose turn the coding starts in (the demo's codings
# each lie in one turn); a code's descendants are its children (the demo's tree has two levels).
REFERENCE = """
    SELECT DISTINCT k.source, k.start, k."end"
    FROM codings k
    JOIN sources s ON s.id = k.source
    JOIN codes c ON c.id = k.code
    JOIN coders cd ON cd.id = k.coder
    LEFT JOIN segments t ON t.source = k.source AND t.kind = 'turn'
         AND t.start <= k.start AND k.start < t."end"
    LEFT JOIN participants p ON p.id = coalesce(t.participant, s.participant)
    WHERE {where}
    ORDER BY s.interview_order, k.start, k."end"
"""


def code_id(project: Project, name: str) -> int:
    return project.db.execute("SELECT id FROM codes WHERE name = ?", [name]).fetchone()[0]


def under(column: str, code: int) -> str:
    return f"({column}.id = {code} OR {column}.parent = {code})"


def coded_same_span(code: int) -> str:
    return f"""EXISTS (SELECT 1 FROM codings a JOIN codes ac ON ac.id = a.code
                       WHERE a.source = k.source AND a.start = k.start AND a."end" = k."end"
                         AND {under('ac', code)})"""


def overlapped_by(code: int) -> str:
    return f"""EXISTS (SELECT 1 FROM codings y JOIN codes yc ON yc.id = y.code
                       WHERE y.source = k.source AND y.id <> k.id AND {under('yc', code)}
                         AND y.start < k."end" AND k.start < y."end")"""


STAFFING = "Staffing and workload"
MODELS = "Service operation models"
ENVIRONMENT = "Service operation environment"
SILOS = "Information silos between institutions"
YEARS = "CAST(json_extract(p.attributes, '$.years_in_primary_care') AS INTEGER)"

FILTER_CASES = {
    "nothing": ({}, lambda ids: "1"),
    "code": ({"codes": [STAFFING]}, lambda ids: f"c.id = {ids[STAFFING]}"),
    "code with sub-codes": ({"codes": [MODELS]}, lambda ids: under("c", ids[MODELS])),
    "code alone": ({"codes": [MODELS], "descendants": False},
                   lambda ids: f"c.id = {ids[MODELS]}"),
    "theme": ({"themes": [ENVIRONMENT]},
              lambda ids: f"coalesce(c.parent, c.id) = {ids[ENVIRONMENT]}"),
    "codes, any": ({"codes": [STAFFING, "Connotation of integration"]},
                   lambda ids: f"c.id IN ({ids[STAFFING]}, {ids['Connotation of integration']})"),
    "codes, all": ({"codes": [STAFFING, SILOS], "all_codes": True},
                   lambda ids: f"{coded_same_span(ids[STAFFING])} AND "
                               f"{coded_same_span(ids[SILOS])}"),
    "theme and code, all": ({"themes": [MODELS], "codes": [ENVIRONMENT], "all_codes": True},
                            lambda ids: f"{coded_same_span(ids[MODELS])} AND "
                                        f"{coded_same_span(ids[ENVIRONMENT])}"),
    "co-occurrence": ({"codes": [MODELS], "overlaps": ENVIRONMENT},
                      lambda ids: f"{under('c', ids[MODELS])} AND "
                                  f"{overlapped_by(ids[ENVIRONMENT])}"),
    "participant": ({"participants": ["g3"]}, lambda ids: "p.id = 'G3'"),
    "participants": ({"participants": ["G3", "N1"]}, lambda ids: "p.id IN ('G3', 'N1')"),
    "role by prefix": ({"roles": ["N"]}, lambda ids: "p.role = 'N'"),
    "role by label": ({"roles": ["manager"]}, lambda ids: "p.role = 'M'"),
    "attribute": ({"where": ["years_in_primary_care>=10"]}, lambda ids: f"{YEARS} >= 10"),
    "attribute prefix": ({"where": ["years<10"]}, lambda ids: f"{YEARS} < 10"),
    "attribute text": ({"where": ["sex=f"]},
                       lambda ids: "json_extract(p.attributes, '$.sex') = 'F'"),
    "attributes": ({"where": ["years>=10", "sex=F", "age!=40"]},
                   lambda ids: f"{YEARS} >= 10 AND json_extract(p.attributes, '$.sex') = 'F' "
                               "AND json_extract(p.attributes, '$.age') != 40"),
    "source": ({"sources": ["G4.md"]}, lambda ids: "s.name = 'G4.md'"),
    "source by stem and pattern": ({"sources": ["G1", "M*.txt"]},
                                   lambda ids: "(s.name = 'G1.txt' OR s.name LIKE 'M%.txt')"),
    "coder": ({"coders": ["Second Coder"]}, lambda ids: "cd.name = 'second coder'"),
    "coders": ({"coders": ["researcher", "second coder"]}, lambda ids: "1"),
    "exemplars": ({"exemplars": True}, lambda ids: "k.exemplar = 1"),
    "combined": ({"themes": [ENVIRONMENT], "roles": ["G"], "where": ["years>=10"],
                  "exemplars": True},
                 lambda ids: f"coalesce(c.parent, c.id) = {ids[ENVIRONMENT]} AND p.role = 'G' "
                             f"AND {YEARS} >= 10 AND k.exemplar = 1"),
    "combined with co-occurrence": (
        {"codes": [ENVIRONMENT], "overlaps": MODELS, "roles": ["G", "N"], "sources": ["G*"]},
        lambda ids: f"{under('c', ids[ENVIRONMENT])} AND {overlapped_by(ids[MODELS])} "
                    "AND p.role IN ('G', 'N') AND s.name LIKE 'G%'"),
}


@pytest.mark.parametrize("case", FILTER_CASES)
def test_filters_return_what_sql_returns(demo, case):
    filters, where = FILTER_CASES[case]
    ids = {row["name"]: row["id"] for row in demo.db.query("SELECT id, name FROM codes")}
    expected = [tuple(r) for r in demo.db.execute(REFERENCE.format(where=where(ids)))]
    assert expected and spans(search(demo, **filters)) == expected


def test_no_filter_lists_every_coded_passage_once(demo):
    hits = search(demo)
    distinct = 'SELECT count(*) FROM (SELECT DISTINCT source, start, "end" FROM codings)'
    assert len(hits) == demo.db.execute(distinct).fetchone()[0]
    shared = [h for h in hits if len(h.coding_ids) > 1]
    assert shared and all(len(h.codes) == len(h.coding_ids) for h in shared)


def test_a_hit_carries_speaker_position_codes_and_text(demo):
    hit = search(demo, codes=[STAFFING], participants=["G1"], limit=1)[0]
    source = demo.db.execute("SELECT name, text FROM sources WHERE id = ?",
                             [hit.source_id]).fetchone()
    assert (hit.participant, hit.role, hit.source) == ("G1", "General practitioner", source[0])
    assert hit.text == source[1][hit.start:hit.end]
    assert hit.codes == [f"{ENVIRONMENT}/{STAFFING}"] and hit.score == 100
    turn = demo.db.execute(
        """SELECT turn_number, start, "end" FROM segments
           WHERE source = ? AND kind = 'turn' AND start <= ? AND ? <= "end" """,
        [hit.source_id, hit.start, hit.end]).fetchone()
    assert hit.turn_number == turn[0]
    assert (hit.context_start, hit.context_end) == (turn[1], turn[2])  # the whole turn
    assert hit.context == source[1][turn[1]:turn[2]]


def test_limit(demo):
    assert spans(search(demo, limit=7)) == spans(search(demo))[:7]
    assert search(demo, limit=0) == []
    assert len(search(demo, text="the", limit=3)) == 3


@pytest.mark.parametrize("filters, message", [
    ({"codes": ["No such code"]}, "no code"),
    ({"themes": [STAFFING]}, "not a theme"),
    ({"overlaps": "Nothing"}, "no code"),
    ({"participants": ["X3"]}, "not a participant ID"),
    ({"participants": ["G99"]}, "no participant G99"),
    ({"roles": ["Surgeon"]}, "no role"),
    ({"where": ["years"]}, "not an attribute condition"),
    ({"where": ["height>2"]}, "no participant attribute"),
    ({"sources": ["nothing.txt"]}, "no source"),
    ({"coders": ["nobody"]}, "no coder"),
    ({"match": "regex", "text": "x"}, "unknown match"),
])
def test_bad_filters_are_clear_errors(demo, filters, message):
    with pytest.raises(WorkbenchError, match=message):
        search(demo, **filters)


def test_an_attribute_prefix_must_be_unambiguous():
    names = ["age", "years_in_primary_care", "years_in_post"]
    assert resolve_name("age", names) == "age"
    assert resolve_name("years_in_pr", names) == "years_in_primary_care"
    with pytest.raises(WorkbenchError, match="could be"):
        resolve_name("years", names)


# -- text ----------------------------------------------------------------------------------

def participant_sentences(project: Project, language: str = "en") -> list[tuple]:
    return [tuple(r) for r in project.db.execute(
        """SELECT g.source, g.start, g."end", substr(s.text, g.start + 1, g."end" - g.start)
           FROM segments g JOIN sources s ON s.id = g.source
           WHERE g.kind = 'sentence' AND g.is_interviewer = 0 AND s.language = ?
           ORDER BY s.interview_order, g.start""", [language])]


def test_words_and_phrases_match_sentences(demo):
    stemmed = [r[:3] for r in participant_sentences(demo)
               if re.search(r"\bgeneral practitioners?\b", r[3], re.IGNORECASE)
               and re.search(r"\bhere\b", r[3], re.IGNORECASE)]
    assert stemmed
    assert spans(search(demo, text='"general practitioner" here', match="stem")) == stemmed
    assert all(h.codes == [] or h.coding_ids for h in search(demo, text="nurse"))


def test_text_with_a_code_filter_keeps_sentences_on_such_passages(demo):
    staffing = [r for r in demo.db.execute(
        'SELECT source, start, "end" FROM codings WHERE code = ?', [code_id(demo, STAFFING)])]
    wanted = [r[:3] for r in participant_sentences(demo)
              if re.search(r"\bnurs(e|es|ing)\b", r[3], re.IGNORECASE)  # porter stems
              and any(s == r[0] and a < r[2] and r[1] < b for s, a, b in staffing)]
    hits = search(demo, text="nurse", codes=[STAFFING], match="stem")
    assert wanted and spans(hits) == wanted
    assert all(f"{ENVIRONMENT}/{STAFFING}" in h.codes for h in hits)


def test_interviewer_sentences_only_when_asked(demo):
    plain = search(demo, text="workload")
    everyone = search(demo, text="workload", include_interviewer=True)
    assert all(h.participant for h in plain)
    assert len(everyone) > len(plain) and any(h.participant is None for h in everyone)


@pytest.mark.parametrize("filters", [
    {"text": "the", "limit": 20},
    {"text": "the", "roles": ["N"], "limit": 15},
    {"text": "patients", "codes": [STAFFING]},
    {"text": "patient", "codes": [STAFFING], "match": "stem"},
    {"text": "the", "codes": [STAFFING, SILOS], "all_codes": True},
    {"text": "the", "codes": [ENVIRONMENT], "overlaps": MODELS, "limit": 5},
])
def test_every_way_of_reading_sentences_gives_the_same_hits(demo, monkeypatch, filters):
    """With many candidates, sentences are reached through sources or codings instead."""
    direct = spans(search(demo, **filters))
    monkeypatch.setattr(sentences, "MANY", 0)
    assert direct and spans(search(demo, **filters)) == direct


@pytest.mark.parametrize("match", ["exact", "stem", "fuzzy", "lemma"])
def test_hostile_text_never_raises(demo, match):
    for text in HOSTILE:
        for hit in search(demo, text=text, match=match, limit=5):
            assert hit.text


def test_hostile_text_in_the_cli(demo_path):
    runner = CliRunner()
    for text in HOSTILE:
        result = runner.invoke(quotes, ["-p", str(demo_path), "--text", text, "--fuzzy"])
        assert result.exit_code == 0, (text, result.output)


@pytest.mark.parametrize("query", ["随访", "季度考核", "唐护士", "血压 随访"])
def test_chinese_queries_find_the_chinese_passages(demo, query):
    pieces = query.split()
    wanted = [r[:3] for r in participant_sentences(demo, "zh") if all(p in r[3] for p in pieces)]
    hits = search(demo, text=query)
    assert wanted and spans(hits) == wanted
    assert {h.source for h in hits} <= {"G1_访谈.txt", "N1_访谈.txt"}


def test_a_chinese_typo_is_forgiven_by_fuzzy_search(demo):
    hits = search(demo, text="季度考和", match="fuzzy")
    assert hits and "季度考核" in hits[0].text and hits[0].score < 100


def test_misspelt_query_finds_the_passage_it_means(demo):
    hits = search(demo, text="worklaod of genral practioners", match="fuzzy")
    assert hits[0].participant == "G12"
    assert "the workload of general practitioners has doubled" in hits[0].text
    assert 80 <= hits[0].score < 100


def test_fuzzy_search_forgives_typos_in_a_demo_passage(demo):
    hits = search(demo, text="Nurse Tnag dose most of it", match="fuzzy", participants=["G1"])
    assert hits[0].text == "Nurse Tang does most of it."
    assert not search(demo, text="Nurse Tnag dose most of it", match="fuzzy",
                      participants=["N2"])


def test_fuzzy_hits_come_best_first(demo):
    scores = [h.score for h in search(demo, text="the blood presure corner", match="fuzzy")]
    assert scores and scores == sorted(scores, reverse=True)


def test_lemma_search_finds_inflected_forms(demo):
    limited = {h.text for h in search(demo, text="limit", match="lemma")}
    assert any("limited" in t for t in limited) and any("limits" in t for t in limited)
    went = search(demo, text="go", match="lemma", participants=["G12"])
    assert any(" went " in h.text for h in went)
    assert not any(" went " in h.text for h in search(demo, text="go", participants=["G12"]))


def test_context_in_sentences_either_side(demo):
    hit = search(demo, text='"limits are set by the district"', context=1)[0]
    assert hit.context.startswith("Honestly, the workload")
    assert hit.context.endswith("went home at nine every night.")
    alone = search(demo, text='"limits are set by the district"', context=0)[0]
    assert alone.context == alone.text


# -- citations -----------------------------------------------------------------------------

def test_role_abbreviations():
    assert role_abbreviation("General practitioner") == "GP"
    assert role_abbreviation("Community nurse") == "CN"
    assert role_abbreviation("Manager") == "M"
    assert role_abbreviation("Manager", {"manager": "Mgr"}) == "Mgr"
    assert role_abbreviation("Manager", {"M": "Man"}, prefix="M") == "Man"


def test_citation_styles():
    text = "One encounter,\n both jobs done."
    assert cite(text, "G3", "General practitioner") == '"One encounter, both jobs done." (G3)'
    assert citation_tag("G3", "General practitioner", "role") == "G3, general practitioner"
    assert citation_tag("N12", "Community nurse", "abbrev") == "Participant 12, CN"
    assert cite(text, None, None) == '"One encounter, both jobs done."'


def test_long_quotes_are_shortened_at_sentence_boundaries():
    text = ("The consultation itself is five or six minutes. In winter we see fifty or sixty "
            "patients in a morning, so it can't be longer. The form is another three minutes.")
    short = shorten(text, 20)
    assert short == ("The consultation itself is five or six minutes. … "
                     "The form is another three minutes.")
    assert word_count(short.replace("…", "")) <= 20
    assert shorten(text, 100) == text
    # No sentence fits in 4 words: the first is kept whole, never cut inside.
    assert shorten(text, 4) == "The consultation itself is five or six minutes. …"


# -- command line --------------------------------------------------------------------------

def test_cli_lists_every_coded_passage_as_json(demo, demo_path):
    result = CliRunner().invoke(quotes, ["-p", str(demo_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == len(search(demo))
    assert {"participant", "role", "source", "start", "end", "text", "codes"} <= set(rows[0])


def test_cli_filters_and_citations(demo, demo_path):
    result = CliRunner().invoke(quotes, [
        "-p", str(demo_path), "--code", STAFFING, "--code", SILOS, "--all-codes",
        "--role", "N", "--where", "years>=10", "--cite", "abbrev", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    expected = search(demo, codes=[STAFFING, SILOS], all_codes=True, roles=["N"],
                      where=["years>=10"])
    assert [(r["source"], r["start"]) for r in rows] == [(h.source, h.start) for h in expected]
    assert all(r["citation"].endswith(f"(Participant {r['participant'][1:]}, CN)")
               for r in rows)


def test_cli_table_and_errors(demo_path):
    runner = CliRunner()
    table = runner.invoke(quotes, ["-p", str(demo_path), "--participant", "G12", "--text",
                                   "district", "--context", "1"])
    assert table.exit_code == 0 and "G12" in table.output
    missing = runner.invoke(quotes, ["-p", str(demo_path), "--code", "Nothing at all"])
    assert missing.exit_code == 1 and "no code" in missing.output
    both = runner.invoke(quotes, ["-p", str(demo_path), "--text", "x", "--fuzzy", "--lemma"])
    assert both.exit_code == 1
    none = runner.invoke(quotes, ["-p", str(demo_path), "--text", "zzzzqqq"])
    assert none.exit_code == 0 and "No quotes match" in none.output
