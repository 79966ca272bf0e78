"""verify-quotes: a manuscript with ten quotations taken from the demo's coded passages
(exact, shortened, altered, misattributed, invented, in several quotation styles, across a
line break) is classified quotation by quotation, in .md, .txt and .docx form."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from workbench.analysis.quote_check import Quotation, find_quotations
from workbench.cli.quotes import verify_quotes
from workbench.project.demo import build_demo
from workbench.errors import WorkbenchError
from workbench.ingest.manuscript import read_manuscript
from workbench.project import Project
from workbench.retrieval.quote_sources import check_manuscript

ROLES = [{"prefix": "G", "label": "General practitioner"},
         {"prefix": "N", "label": "Community nurse"}, {"prefix": "M", "label": "Manager"}]
INVENTED = ("Frankly the new scheduling software solved every single problem we ever had "
            "with home visits overnight")


@pytest.fixture(scope="module")
def demo_path(samples, tmp_path_factory) -> Path:
    """The demo with the Chinese interview of G1 added."""
    built, _ = build_demo(tmp_path_factory.getbasetemp() / "demo", second_coder=False)
    path = tmp_path_factory.mktemp("verify") / "demo.sqlite"
    shutil.copy(built, path)
    with Project.open(path) as project:
        assert project.import_paths([samples / "zh" / "G1_访谈.txt"]).ok
    return path


def passage(db, participant: str, sentences: int = 1, apostrophe: bool = False) -> str:
    """The first coded passage of a participant with at least that many sentences, no
    quotation marks inside and (if asked) a straight apostrophe."""
    for (text,) in db.execute(
            """SELECT substr(s.text, k.start + 1, k."end" - k.start) FROM codings k
               JOIN sources s ON s.id = k.source WHERE s.participant = ?
               ORDER BY k.start""", [participant]):
        if (text.count(". ") + 1 >= sentences and not any(q in text for q in '"“”‘’')
                and (not apostrophe or "'" in text)):
            return text
    raise AssertionError(f"no suitable passage of {participant}")


@pytest.fixture(scope="module")
def manuscript(demo_path: Path) -> tuple[str, dict]:
    """The manuscript's text and, per quotation number, its expected verdict and tag check."""
    with Project.open(demo_path) as project:
        db = project.db
        g1, n1, g3 = passage(db, "G1"), passage(db, "N1"), passage(db, "G3")
        m1 = passage(db, "M1", sentences=3)
        g4 = passage(db, "G4", sentences=2)
        n2, g2, g5 = passage(db, "N2"), passage(db, "G2"), passage(db, "G7", apostrophe=True)
        g8 = passage(db, "G8")
    m1_sentences = m1.split(". ")
    shortened_m1 = f"{m1_sentences[0]}. … {m1_sentences[-1]}"
    g4_words = g4.split()
    shortened_g4 = " ".join(g4_words[:6]) + " ... " + " ".join(g4_words[-6:])
    n2_words = n2.split()
    changed = next(i for i in range(len(n2_words) // 2, len(n2_words)) if n2_words[i].isalpha())
    original_word = n2_words[changed]
    n2_words[changed] = "never" if original_word != "never" else "always"
    g8_words = g8.split()
    across = " ".join(g8_words[:5]) + "\n" + " ".join(g8_words[5:])
    curly = g5.replace("'", "’")
    curly = curly[0].lower() + curly[1:]
    text = f"""# Findings

Short quotations such as "one encounter" are ignored, and so are “scare quotes”.

Doctors described the duplication: “{g1}” (G1). A nurse put it plainly: "{n1}" (N1, CN).
One account ran ‘{g3}’ and was left untagged.

Managers were blunt: “{shortened_m1}” (Participant 1, M). Another GP summed up:
"{shortened_g4}" (G4, general practitioner).

A nurse said “{" ".join(n2_words)}” (N2). Yet “{g2}” (M2).
Some claims could not be traced: “{INVENTED}” (G4).

Finally, "{across}" (G8), and “{curly}” (G7, GP).
"""
    expected = {
        1: ("exact", "correct"), 2: ("exact", "correct"), 3: ("exact", "untagged"),
        4: ("exact (shortened)", "correct"), 5: ("exact (shortened)", "correct"),
        6: ("altered", "correct"), 7: ("exact", "wrong"), 8: ("not found", "unknown"),
        9: ("exact", "correct"), 10: ("exact", "correct"),
    }
    return text, {"verdicts": expected, "changed": (original_word, n2_words[changed]),
                  "passages": {1: g1, 6: n2, 9: g8}}


def verdicts(checks) -> dict:
    return {c.quotation.number: (c.verdict, c.attribution) for c in checks}


def test_ten_quotations_are_found_with_their_tags():
    text = ('He said “one two three four five six” (G3) and "a b c d e f" (Participant 2, CN),'
            " ‘we don’t know what the nurses plan to do’ (M1, Manager), "
            '"too short" (G1) and "(G9)" alone; “inner "quoted words here too" inside it”.')
    found = find_quotations(text, ROLES)
    assert [(q.text, q.tagged) for q in found] == [
        ("one two three four five six", "G3"), ("a b c d e f", "N2"),
        ("we don’t know what the nurses plan to do", "M1"),
        ('inner "quoted words here too" inside it', None)]


def test_pieces_of_a_shortened_quotation():
    quotation = Quotation(1, 1, "First words here … then more [...] and the end.")
    assert quotation.pieces == ["First words here", "then more", "and the end"]
    assert quotation.shortened
    assert not Quotation(1, 1, "Whole words only, no gaps.").shortened


def test_manuscript_quotations_are_classified(demo_path, manuscript, tmp_path):
    text, expected = manuscript
    with Project.open(demo_path) as project:
        checks = check_manuscript(project.db, text)
    assert verdicts(checks) == expected["verdicts"]
    assert checks[6].participant == "G2" and checks[6].quotation.tagged == "M2"
    original, replaced = expected["changed"]
    assert f"[-{original}-] {{+{replaced}+}}" in checks[5].diff_text
    assert checks[5].diff_text.count("[-") == 1 and checks[5].similarity >= 90
    for number, original in expected["passages"].items():
        assert checks[number - 1].passage.rstrip(".?!") == original.rstrip(".?!")


def test_chinese_quotations(demo_path):
    text = ("医生说：“看病和预防是一件事，不是两件事”（G1）。又说“看病和预防是两件事，不是一件事”，"
            "还有“这一次接诊同时也就是他这个季度的随访” (N1)。")
    with Project.open(demo_path) as project:
        checks = check_manuscript(project.db, text)
    assert [(c.verdict, c.attribution) for c in checks] == [
        ("exact", "correct"), ("altered", "untagged"), ("exact", "wrong")]
    assert checks[0].source == "G1_访谈.txt" and checks[2].participant == "G1"
    assert "[-" in checks[1].diff_text and " " not in checks[1].diff_text


@pytest.mark.parametrize("suffix", [".md", ".txt", ".docx"])
def test_verify_quotes_command_reads_each_manuscript_format(demo_path, manuscript, tmp_path,
                                                            suffix):
    text, expected = manuscript
    path = tmp_path / f"paper{suffix}"
    if suffix == ".docx":
        write_docx(path, text)
    else:
        path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(verify_quotes, [str(path), "-p", str(demo_path),
                                                "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["number"]: (r["verdict"], r["attribution"]) for r in rows} == expected["verdicts"]
    assert [r["number"] for r in rows] == list(range(1, 11))
    assert rows[5]["diff"] and rows[7]["source"] is None


def write_docx(path: Path, text: str) -> None:
    """Each paragraph of the text as a Word paragraph; a single line break as a soft break."""
    document = docx.Document()
    for block in text.split("\n\n"):
        paragraph = document.add_paragraph()
        for number, line in enumerate(block.split("\n")):
            run = paragraph.add_run(line)
            if number < len(block.split("\n")) - 1:
                run.add_break()
    document.save(path)


def test_reports_in_markdown_and_word(demo_path, manuscript, tmp_path):
    text, _ = manuscript
    paper = tmp_path / "paper.md"
    paper.write_text(text, encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(verify_quotes, [str(paper), "-p", str(demo_path),
                                          "-o", str(tmp_path / "report.md")])
    assert table.exit_code == 0, table.output
    assert "10 quotations: 6 exact, 2 exact (shortened), 1 altered, 1 not found" in table.output
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Quotation check: paper.md") and "| 8 |" in report
    assert "✗ wrong" in report and "[-" in report
    word = runner.invoke(verify_quotes, [str(paper), "-p", str(demo_path),
                                         "-o", str(tmp_path / "report.docx")])
    assert word.exit_code == 0, word.output
    document = docx.Document(str(tmp_path / "report.docx"))
    assert len(document.tables[0].rows) == 11
    struck = [r.text for p in document.paragraphs for r in p.runs if r.font.strike]
    assert len(struck) == 1
    again = runner.invoke(verify_quotes, [str(paper), "-p", str(demo_path),
                                          "-o", str(tmp_path / "report.docx")])
    assert again.exit_code == 1 and "exists already" in again.output


def test_bad_manuscripts_are_clear_errors(demo_path, tmp_path):
    with pytest.raises(WorkbenchError, match="a manuscript is a"):
        read_manuscript(tmp_path / "paper.pdf")
    with pytest.raises(WorkbenchError, match="no such file"):
        read_manuscript(tmp_path / "missing.md")
    result = CliRunner().invoke(verify_quotes, [str(tmp_path / "missing.md"), "-p",
                                                str(demo_path)])
    assert result.exit_code == 1 and "no such file" in result.output
