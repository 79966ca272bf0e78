"""Codebook and coding operations on the coded demo, checked row by row, with undo and redo.

Every test works on its own copy of the demo project (20 interviews and N1's Chinese
follow-up, 18 codes, 375 codings by "researcher"). Expected values are computed with independent SQL, never taken from the
return values of the operation under test. ``content()`` is the SQL dump of the file without
the history table, because undo and redo write their own history rows: after an undo the
content must equal the content before the operation, after a redo the content after it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.project.demo import DEMO_CODER
from workbench.errors import WorkbenchError
from workbench.project import Project

FAMILY = Path(__file__).resolve().parents[2] / "codebooks" / "family-doctor-integration.yaml"

CONNOTATION = "Connotation of integration"
MODELS = "Service operation models"
MODALITIES = "Service operation models/Diversified service modalities"
ENVIRONMENT = "Service operation environment"
STAFFING = "Service operation environment/Staffing and workload"
TOP_LEVEL_DESIGN = "Service operation environment/Lack of top-level design"
NO_FUNDING = "Service operation environment/No dedicated funding"
FRAGMENTATION = "Medical–prevention fragmentation"
DISCONNECTED = "Medical–prevention fragmentation/Disconnected providers"
DISPERSED = "Medical–prevention fragmentation/Dispersed work areas"


# -- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def demo_path(demo_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "workbench.sqlite"
    shutil.copy(demo_file, target)
    return target


@pytest.fixture
def demo(demo_path: Path):
    with Project.open(demo_path) as project:
        yield project


def run_cli(path: Path, *args: str):
    return CliRunner().invoke(main, [*args, "-p", str(path)])


# -- independent queries -----------------------------------------------------------------


@pytest.fixture
def content(dump):
    """``content(path)``: every row of the file except the history table's and SQLite's id
    counters (ids are never reused, so undoing an insert leaves the counter where it was)."""
    def rows(path: Path) -> list[str]:
        return [line for line in dump(path)
                if not line.startswith(('INSERT INTO "history"', 'INSERT INTO "sqlite_sequence"'))]
    return rows


def scalar(db, sql: str, params: list | tuple = ()):
    return db.execute(sql, list(params)).fetchone()[0]


def code_id(db, path: str) -> int | None:
    """A code's id by its path (Theme or Theme/Sub-theme), straight from the codes table."""
    *parents, name = path.split("/")
    if not parents:
        row = db.execute("SELECT id FROM codes WHERE parent IS NULL AND name = ?", [name])
    else:
        row = db.execute(
            """SELECT c.id FROM codes c JOIN codes p ON p.id = c.parent
               WHERE p.name = ? AND p.parent IS NULL AND c.name = ?""", [parents[0], name])
    found = row.fetchone()
    return found[0] if found else None


def code_exists(db, code: int) -> bool:
    return scalar(db, "SELECT count(*) FROM codes WHERE id = ?", [code]) == 1


def coding_count(db, code: int) -> int:
    return scalar(db, "SELECT count(*) FROM codings WHERE code = ?", [code])


def coding_ids(db, code: int) -> set[int]:
    return {r[0] for r in db.execute("SELECT id FROM codings WHERE code = ?", [code])}


def spans(db, code: int) -> set[tuple]:
    return set(db.execute('SELECT source, start, "end", coder FROM codings WHERE code = ?',
                          [code]).fetchall())


def twin_ids(db, a: int, b: int) -> set[int]:
    """Ids of codings of ``a`` that ``b`` has too: same source, start, end and coder."""
    return {r[0] for r in db.execute(
        """SELECT x.id FROM codings x JOIN codings y
               ON y.source = x.source AND y.start = x.start AND y."end" = x."end"
              AND y.coder = x.coder
           WHERE x.code = ? AND y.code = ?""", [a, b])}


def children_in_order(db, parent: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT id FROM codes WHERE parent = ? ORDER BY sort_order, id", [parent])]


def coding_row(db, coding: int) -> tuple | None:
    return db.execute("SELECT * FROM codings WHERE id = ?", [coding]).fetchone()


def history_count(db) -> int:
    return scalar(db, "SELECT count(*) FROM history")


def coder_row_id(db, name: str) -> int:
    return scalar(db, "SELECT id FROM coders WHERE name = ?", [name])


@pytest.fixture
def assert_undo_redo(content):
    """``assert_undo_redo(project, before, after)``: undo brings back exactly ``before``; redo
    then exactly ``after``."""
    def check(project: Project, before: list[str], after: list[str]) -> None:
        assert after != before
        assert content(project.path) == after
        project.undo()
        assert content(project.path) == before
        project.redo()
        assert content(project.path) == after
    return check


# -- the demo itself ---------------------------------------------------------------------


def test_demo_copy_has_the_expected_starting_point(demo):
    db = demo.db
    assert scalar(db, "SELECT count(*) FROM codes") == 18
    assert scalar(db, "SELECT count(*) FROM codes WHERE parent IS NULL") == 4
    assert scalar(db, "SELECT count(*) FROM codings") == 375
    assert scalar(db, "SELECT count(DISTINCT coder) FROM codings") == 1
    assert all(code_id(db, p) for p in (TOP_LEVEL_DESIGN, NO_FUNDING, DISPERSED, STAFFING))


# -- merge -------------------------------------------------------------------------------


def test_merge_moves_every_coding_and_removes_the_code(content, assert_undo_redo, demo):
    db = demo.db
    a, b = code_id(db, TOP_LEVEL_DESIGN), code_id(db, NO_FUNDING)
    ids_a, ids_b = coding_ids(db, a), coding_ids(db, b)
    spans_a, spans_b = spans(db, a), spans(db, b)
    collapsed = twin_ids(db, a, b)
    assert collapsed, "the demo should have codings on both codes to collapse"
    total = scalar(db, "SELECT count(*) FROM codings")
    before = content(demo.path)

    demo.codebook.merge(TOP_LEVEL_DESIGN, NO_FUNDING)

    assert not code_exists(db, a)
    assert coding_count(db, a) == 0
    assert coding_count(db, b) == len(ids_a) + len(ids_b) - len(collapsed)
    assert coding_ids(db, b) == ids_b | (ids_a - collapsed)
    assert spans(db, b) == spans_a | spans_b
    assert scalar(db, "SELECT count(*) FROM codings") == total - len(collapsed)
    assert_undo_redo(demo, before, content(demo.path))


def test_merge_moves_memos_on_the_code(content, assert_undo_redo, demo):
    db = demo.db
    a, b = code_id(db, TOP_LEVEL_DESIGN), code_id(db, NO_FUNDING)
    memo = demo.codings.add_memo("code", str(a), "policy talk without policy design")
    before = content(demo.path)

    demo.codebook.merge(TOP_LEVEL_DESIGN, NO_FUNDING)

    row = db.execute("SELECT target_kind, target, text FROM memos WHERE id = ?", [memo]).fetchone()
    assert row == ("code", str(b), "policy talk without policy design")
    assert scalar(db, "SELECT count(*) FROM memos WHERE target_kind = 'code' AND target = ?",
                  [str(a)]) == 0
    assert_undo_redo(demo, before, content(demo.path))


def test_merge_collapses_a_duplicate_keeping_both_memos_and_the_exemplar_flag(content, assert_undo_redo, demo):
    db = demo.db
    a, b = code_id(db, TOP_LEVEL_DESIGN), code_id(db, NO_FUNDING)
    kept = scalar(db, """SELECT id FROM codings WHERE code = ? AND exemplar = 0
                         AND id NOT IN (SELECT y.id FROM codings x JOIN codings y
                              ON y.source = x.source AND y.start = x.start
                             AND y."end" = x."end" AND y.coder = x.coder
                             WHERE x.code = ? AND y.code = ?)
                         ORDER BY id LIMIT 1""", [b, a, b])
    source, start, end, coder = db.execute(
        'SELECT source, start, "end", coder FROM codings WHERE id = ?', [kept]).fetchone()
    demo.codings.set_memo(kept, "memo on B")
    applied = demo.codings.apply(source, start, end, TOP_LEVEL_DESIGN, coder=DEMO_CODER,
                                memo="memo on A", exemplar=True)
    assert applied["created"]
    before = content(demo.path)

    demo.codebook.merge(TOP_LEVEL_DESIGN, NO_FUNDING)

    same_span = db.execute(
        """SELECT id, code, memo, exemplar FROM codings
           WHERE source = ? AND start = ? AND "end" = ? AND coder = ?""",
        [source, start, end, coder]).fetchall()
    assert len(same_span) == 1
    row_id, row_code, memo, exemplar = same_span[0]
    assert (row_id, row_code, exemplar) == (kept, b, 1)
    assert "memo on B" in memo and "memo on A" in memo
    assert coding_row(db, applied["id"]) is None
    assert_undo_redo(demo, before, content(demo.path))


def test_merge_collapse_keeps_memos_written_on_the_collapsed_coding(demo):
    """A memo on a coding (memos table) must not point at a coding that no longer exists."""
    db = demo.db
    a, b = code_id(db, TOP_LEVEL_DESIGN), code_id(db, NO_FUNDING)
    collapsed = min(twin_ids(db, a, b))
    memo = demo.codings.add_memo("coding", str(collapsed), "why this passage is top-level design")

    demo.codebook.merge(TOP_LEVEL_DESIGN, NO_FUNDING)

    target = scalar(db, "SELECT target FROM memos WHERE id = ?", [memo])
    assert scalar(db, "SELECT count(*) FROM codings WHERE id = ?", [int(target)]) == 1, \
        f"the memo still points at coding {target}, which the merge deleted"


# -- move --------------------------------------------------------------------------------


def test_move_keeps_codings_and_renumbers(content, assert_undo_redo, demo):
    db = demo.db
    moved, environment = code_id(db, DISPERSED), code_id(db, ENVIRONMENT)
    codings_before = db.execute("SELECT * FROM codings ORDER BY id").fetchall()
    siblings = children_in_order(db, environment)
    before = content(demo.path)

    demo.codebook.move(DISPERSED, ENVIRONMENT)

    assert scalar(db, "SELECT parent FROM codes WHERE id = ?", [moved]) == environment
    assert children_in_order(db, environment) == siblings + [moved]
    assert db.execute("SELECT * FROM codings ORDER BY id").fetchall() == codings_before
    assert demo.codebook.resolve(moved)["number"] == f"3.{len(siblings) + 1}" == "3.7"
    assert code_id(db, "Service operation environment/Dispersed work areas") == moved
    assert_undo_redo(demo, before, content(demo.path))


def test_move_of_a_theme_under_its_own_sub_theme_is_refused(dump, demo):
    before = dump(demo.path)
    with pytest.raises(WorkbenchError, match="cannot move"):
        demo.codebook.move(ENVIRONMENT, STAFFING)
    assert dump(demo.path) == before


def test_move_to_a_parent_with_a_same_named_child_is_refused(dump, demo):
    demo.codebook.add("Dispersed work areas", ENVIRONMENT)
    before = dump(demo.path)
    with pytest.raises(WorkbenchError, match="already a code named"):
        demo.codebook.move(DISPERSED, ENVIRONMENT)
    assert dump(demo.path) == before


# -- rename ------------------------------------------------------------------------------


def test_rename_keeps_guid_and_codings(content, assert_undo_redo, demo):
    db = demo.db
    code = code_id(db, NO_FUNDING)
    guid = scalar(db, "SELECT guid FROM codes WHERE id = ?", [code])
    codings_before = db.execute("SELECT * FROM codings ORDER BY id").fetchall()
    before = content(demo.path)

    demo.codebook.rename(NO_FUNDING, "No earmarked funding")

    assert db.execute("SELECT name, guid FROM codes WHERE id = ?", [code]).fetchone() == (
        "No earmarked funding", guid)
    assert code_id(db, "Service operation environment/No earmarked funding") == code
    assert db.execute("SELECT * FROM codings ORDER BY id").fetchall() == codings_before
    assert_undo_redo(demo, before, content(demo.path))


@pytest.mark.parametrize("clash", ["Lack of top-level design", "LACK OF TOP-LEVEL DESIGN"])
def test_rename_to_a_siblings_name_is_refused(dump, demo, clash):
    before = dump(demo.path)
    with pytest.raises(WorkbenchError, match="already a code named"):
        demo.codebook.rename(NO_FUNDING, clash)
    assert dump(demo.path) == before


# -- split -------------------------------------------------------------------------------


def test_split_adds_empty_sub_codes_and_the_parent_keeps_its_codings(content, assert_undo_redo, demo):
    db = demo.db
    staffing = code_id(db, STAFFING)
    own = coding_ids(db, staffing)
    before = content(demo.path)

    demo.codebook.split(STAFFING, ["Staff shortage", "Workload crowding out prevention"])

    new = db.execute("SELECT id, name FROM codes WHERE parent = ? ORDER BY sort_order",
                     [staffing]).fetchall()
    assert [name for _, name in new] == ["Staff shortage", "Workload crowding out prevention"]
    assert all(coding_count(db, i) == 0 for i, _ in new)
    assert coding_ids(db, staffing) == own
    assert scalar(db, "SELECT count(*) FROM codes") == 20
    assert_undo_redo(demo, before, content(demo.path))


# -- delete ------------------------------------------------------------------------------


def test_delete_of_a_coded_code_is_refused(dump, demo):
    before = dump(demo.path)
    with pytest.raises(WorkbenchError, match="has 13 codings"):
        demo.codebook.delete(DISPERSED)
    assert dump(demo.path) == before


def test_delete_with_recode_to_moves_the_codings(content, assert_undo_redo, demo):
    db = demo.db
    gone, target = code_id(db, DISPERSED), code_id(db, DISCONNECTED)
    ids_gone, ids_target = coding_ids(db, gone), coding_ids(db, target)
    collapsed = twin_ids(db, gone, target)
    before = content(demo.path)

    demo.codebook.delete(DISPERSED, recode_to=DISCONNECTED)

    assert not code_exists(db, gone)
    assert coding_count(db, gone) == 0
    assert coding_count(db, target) == len(ids_target) + len(ids_gone) - len(collapsed)
    assert coding_ids(db, target) == ids_target | (ids_gone - collapsed)
    assert_undo_redo(demo, before, content(demo.path))


def test_delete_with_force_deletes_the_code_and_its_codings(content, assert_undo_redo, demo):
    db = demo.db
    gone = code_id(db, DISPERSED)
    coded = coding_count(db, gone)
    total = scalar(db, "SELECT count(*) FROM codings")
    before = content(demo.path)

    demo.codebook.delete(DISPERSED, force=True)

    assert not code_exists(db, gone)
    assert coding_count(db, gone) == 0
    assert scalar(db, "SELECT count(*) FROM codings") == total - coded
    assert_undo_redo(demo, before, content(demo.path))


def test_delete_with_force_leaves_no_memo_on_a_deleted_coding(demo):
    db = demo.db
    coding = min(coding_ids(db, code_id(db, DISPERSED)))
    demo.codings.add_memo("coding", str(coding), "floors apart")

    demo.codebook.delete(DISPERSED, force=True)

    dangling = scalar(db, """SELECT count(*) FROM memos WHERE target_kind = 'coding'
                             AND CAST(target AS INTEGER) NOT IN (SELECT id FROM codings)""")
    assert dangling == 0, "a memo still points at a coding the delete removed"


def test_delete_of_a_theme_deletes_its_sub_themes(content, assert_undo_redo, demo):
    db = demo.db
    theme = code_id(db, FRAGMENTATION)
    subtree = [theme, *children_in_order(db, theme)]
    assert len(subtree) == 4
    marks = ", ".join("?" for _ in subtree)
    coded = scalar(db, f"SELECT count(*) FROM codings WHERE code IN ({marks})", subtree)
    total = scalar(db, "SELECT count(*) FROM codings")
    before = content(demo.path)

    demo.codebook.delete(FRAGMENTATION, force=True)

    assert scalar(db, f"SELECT count(*) FROM codes WHERE id IN ({marks})", subtree) == 0
    assert scalar(db, "SELECT count(*) FROM codes") == 18 - 4
    assert scalar(db, "SELECT count(*) FROM codings") == total - coded
    assert_undo_redo(demo, before, content(demo.path))


# -- reorder -----------------------------------------------------------------------------


def test_reorder_puts_a_sub_theme_first(content, assert_undo_redo, demo):
    db = demo.db
    environment, funding = code_id(db, ENVIRONMENT), code_id(db, NO_FUNDING)
    order = children_in_order(db, environment)
    assert order[0] != funding
    before = content(demo.path)

    demo.codebook.reorder(NO_FUNDING, 1)

    expected = [funding] + [i for i in order if i != funding]
    assert children_in_order(db, environment) == expected
    assert [r[0] for r in db.execute(
        "SELECT sort_order FROM codes WHERE parent = ? ORDER BY sort_order", [environment])] \
        == list(range(1, len(order) + 1))
    assert demo.codebook.resolve(funding)["number"] == "3.1"
    assert_undo_redo(demo, before, content(demo.path))


# -- applying and removing codings -------------------------------------------------------


def first_uncoded_sentence(db, code: int) -> tuple[int, int, int]:
    """(source, start, end) of a participant's sentence that ``code`` does not cover yet."""
    return db.execute(
        """SELECT g.source, g.start, g."end" FROM segments g
           WHERE g.kind = 'sentence' AND g.is_interviewer = 0
             AND NOT EXISTS (SELECT 1 FROM codings k WHERE k.source = g.source
                             AND k.start = g.start AND k."end" = g."end" AND k.code = ?)
           ORDER BY g.source, g.start LIMIT 1""", [code]).fetchone()


def test_apply_adds_one_row_and_the_same_coding_again_is_a_no_op(content, assert_undo_redo, dump, demo):
    db = demo.db
    staffing = code_id(db, STAFFING)
    source, start, end = first_uncoded_sentence(db, staffing)
    coded, entries = coding_count(db, staffing), history_count(db)
    before = content(demo.path)

    first = demo.codings.apply(source, start, end, STAFFING, coder=DEMO_CODER)

    assert first["created"] is True
    assert coding_row(db, first["id"])[1:7] == (
        first["guid"], source, staffing, start, end, coder_row_id(db, DEMO_CODER))
    assert coding_count(db, staffing) == coded + 1
    assert history_count(db) == entries + 1
    after, full_after = content(demo.path), dump(demo.path)

    again = demo.codings.apply(source, start, end, STAFFING, coder=DEMO_CODER)

    assert again["created"] is False and again["id"] == first["id"]
    assert dump(demo.path) == full_after
    assert history_count(db) == entries + 1
    assert_undo_redo(demo, before, after)


@pytest.mark.parametrize("span", ["end past the text", "negative start", "empty", "reversed"])
def test_apply_outside_the_text_is_refused(dump, demo, span):
    db = demo.db
    length = scalar(db, "SELECT length(text) FROM sources WHERE id = 1")
    start, end = {"end past the text": (length - 5, length + 1), "negative start": (-1, 5),
                  "empty": (10, 10), "reversed": (20, 10)}[span]
    before = dump(demo.path)
    with pytest.raises(WorkbenchError, match="outside the text"):
        demo.codings.apply(1, start, end, STAFFING, coder=DEMO_CODER)
    assert dump(demo.path) == before


def test_apply_up_to_the_last_character_is_allowed(demo):
    db = demo.db
    length = scalar(db, "SELECT length(text) FROM sources WHERE id = 1")
    coded = demo.codings.apply(1, length - 5, length, STAFFING, coder=DEMO_CODER)
    assert coding_row(db, coded["id"])[4:6] == (length - 5, length)


def test_remove_then_undo_restores_the_identical_row(content, demo):
    db = demo.db
    coding = scalar(db, "SELECT id FROM codings WHERE memo IS NOT NULL AND exemplar = 1 "
                        "ORDER BY id LIMIT 1")
    row = coding_row(db, coding)
    before = content(demo.path)

    demo.codings.remove(coding)

    assert coding_row(db, coding) is None
    assert scalar(db, "SELECT count(*) FROM codings") == 374
    after = content(demo.path)
    demo.undo()
    assert coding_row(db, coding) == row
    assert content(demo.path) == before
    demo.redo()
    assert content(demo.path) == after


def test_a_memo_on_a_removed_coding_does_not_pass_to_the_next_coding(demo):
    """A memo on a removed coding goes with it, and the id is not given out again."""
    db = demo.db
    newest = scalar(db, "SELECT max(id) FROM codings")
    demo.codings.add_memo("coding", str(newest), "about the removed passage")
    demo.codings.remove(newest)
    source, start, end = first_uncoded_sentence(db, code_id(db, STAFFING))

    fresh = demo.codings.apply(source, start, end, STAFFING, coder=DEMO_CODER)

    assert fresh["id"] > newest  # ids are never reused
    assert demo.codings.memos("coding", str(newest)) == []
    assert demo.codings.memos("coding", str(fresh["id"])) == [], \
        "the memo on the removed coding now shows on an unrelated new coding"


# -- auto-coding -------------------------------------------------------------------------


def expected_autocode(db, phrase: str, code: int, coder: str) -> int:
    """Participants' sentences containing ``phrase`` not yet coded so by ``coder``."""
    return scalar(db, """
        SELECT count(*) FROM segments g JOIN sources s ON s.id = g.source
        WHERE g.kind = 'sentence' AND g.is_interviewer = 0
          AND instr(lower(substr(s.text, g.start + 1, g."end" - g.start)), lower(?)) > 0
          AND NOT EXISTS (SELECT 1 FROM codings k JOIN coders c ON c.id = k.coder
                          WHERE k.source = g.source AND k.start = g.start
                            AND k."end" = g."end" AND k.code = ? AND c.name = ?)""",
                  [phrase, code, coder])


@pytest.mark.parametrize("coder", [None, DEMO_CODER], ids=["project coder", "demo coder"])
def test_autocode_adds_the_matching_sentences_as_one_undoable_step(content, assert_undo_redo, demo, coder):
    db = demo.db
    modalities = code_id(db, MODALITIES)
    who = coder or demo.default_coder()
    expected = expected_autocode(db, "WeChat", modalities, who)
    assert expected > 0
    coded, entries = coding_count(db, modalities), history_count(db)
    before = content(demo.path)

    added = demo.codings.autocode("WeChat", MODALITIES, unit="sentence", coder=coder)

    assert added == expected
    assert coding_count(db, modalities) == coded + expected
    assert scalar(db, """SELECT count(*) FROM codings k JOIN coders c ON c.id = k.coder
                         WHERE k.code = ? AND c.name = ?""", [modalities, who]) \
        == expected + (coded if who == DEMO_CODER else 0)
    assert history_count(db) == entries + 1
    assert_undo_redo(demo, before, content(demo.path))


def test_autocode_skips_sentences_already_coded_by_the_same_coder(demo):
    db = demo.db
    modalities = code_id(db, MODALITIES)
    all_hits = expected_autocode(db, "WeChat", modalities, "nobody")
    new_hits = expected_autocode(db, "WeChat", modalities, DEMO_CODER)
    assert new_hits < all_hits, "the demo should already code some WeChat sentences"
    assert demo.codings.autocode("WeChat", MODALITIES, coder=DEMO_CODER) == new_hits


# -- undo and redo -----------------------------------------------------------------------


def test_undo_and_redo_survive_reopening_the_project(content, demo_path):
    with Project.open(demo_path) as project:
        before = content(demo_path)
        project.codebook.merge(TOP_LEVEL_DESIGN, NO_FUNDING)
        after = content(demo_path)
    assert after != before

    with Project.open(demo_path) as project:
        project.undo()
    assert content(demo_path) == before

    with Project.open(demo_path) as project:
        project.redo()
    assert content(demo_path) == after


def test_undo_marks_the_history_entry_and_redo_clears_it(demo):
    demo.codebook.rename(NO_FUNDING, "No earmarked funding")
    last = scalar(demo.db, "SELECT max(id) FROM history")

    def state() -> str:
        return scalar(demo.db, "SELECT state FROM history WHERE id = ?", [last])

    assert state() == "applied"
    demo.undo()
    assert state() == "undone"
    demo.redo()
    assert state() == "applied"
    demo.undo()
    demo.codebook.rename(NO_FUNDING, "Unfunded")  # a new change: the undone one is superseded
    assert state() == "superseded"


def test_nothing_to_undo_or_redo_on_a_new_project(project):
    with pytest.raises(WorkbenchError, match="nothing to undo"):
        project.undo()
    with pytest.raises(WorkbenchError, match="nothing to redo"):
        project.redo()


def test_a_new_change_after_an_undo_ends_redo(dump, demo):
    demo.codebook.rename(NO_FUNDING, "No earmarked funding")
    demo.undo()
    demo.codebook.reorder(NO_FUNDING, 1)
    before = dump(demo.path)
    with pytest.raises(WorkbenchError, match="nothing to redo"):
        demo.redo()
    assert dump(demo.path) == before
    assert code_id(demo.db, NO_FUNDING) is not None


def test_undo_twice_then_redo_twice_replays_in_order(content, demo):
    start = content(demo.path)
    demo.codebook.move(DISPERSED, ENVIRONMENT)
    moved = content(demo.path)
    demo.codebook.merge(TOP_LEVEL_DESIGN, NO_FUNDING)
    merged = content(demo.path)
    demo.undo()
    assert content(demo.path) == moved
    demo.undo()
    assert content(demo.path) == start
    demo.redo()
    assert content(demo.path) == moved
    demo.redo()
    assert content(demo.path) == merged


# -- the command line --------------------------------------------------------------------


def test_cli_merge_and_undo(content, demo_path):
    with Project.open(demo_path) as project:
        a, b = code_id(project.db, TOP_LEVEL_DESIGN), code_id(project.db, NO_FUNDING)
        expected = coding_count(project.db, a) + coding_count(project.db, b) \
            - len(twin_ids(project.db, a, b))
    before = content(demo_path)

    merged = run_cli(demo_path, "codebook", "merge", TOP_LEVEL_DESIGN, NO_FUNDING)

    assert merged.exit_code == 0, merged.output
    with Project.open(demo_path) as project:
        assert not code_exists(project.db, a)
        assert coding_count(project.db, b) == expected
    undone = run_cli(demo_path, "undo")
    assert undone.exit_code == 0, undone.output
    assert content(demo_path) == before


def test_cli_delete_of_a_coded_code_fails_cleanly(dump, demo_path):
    before = dump(demo_path)

    result = run_cli(demo_path, "codebook", "delete", DISPERSED)

    assert result.exit_code == 1
    assert "has" in result.stderr and "codings" in result.stderr
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert isinstance(result.exception, SystemExit)
    assert dump(demo_path) == before


def test_undo_refused_when_rows_outside_the_history_depend_on_it(dump, project_path, tmp_path):
    """Codings written by another program (here: plain SQL) hang on the codes an import
    made; undoing the import would break them, so it is refused and nothing changes."""
    transcript = tmp_path / "G1.txt"
    transcript.write_text("Interviewer: How is it?\nG1: Busy, always busy.\n", encoding="utf-8")
    with Project.open(project_path) as project:
        project.import_paths([transcript])
        project.import_codebook(FAMILY)
    conn = sqlite3.connect(project_path)
    with conn:
        conn.execute("INSERT INTO coders (name, guid) VALUES ('other', 'g-other')")
        conn.execute("""INSERT INTO codings (guid, source, code, start, "end", coder, created_at)
                        SELECT 'g-1', (SELECT id FROM sources), (SELECT max(id) FROM codes), 0, 5,
                               (SELECT id FROM coders WHERE name = 'other'), '2024-01-01'""")
    conn.close()
    before = dump(project_path)
    with Project.open(project_path) as project:
        with pytest.raises(WorkbenchError, match="cannot be undone.*nothing was changed"):
            project.undo()
    assert dump(project_path) == before
