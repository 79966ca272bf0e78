"""Project files: creation, the project marker, pragmas, migrations with a backup first."""

import sqlite3

import pytest
from sqlite_utils import Database

from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.store import schema
from workbench.store.database import applied_migrations, open_database


def test_new_project_has_schema_roles_and_pragmas(project):
    db = project.db
    assert {"roles", "participants", "sources", "segments", "codes", "codings", "coders",
            "memos", "history", "segment_fts", "segment_trigram"} <= set(db.table_names())
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [(r["prefix"], r["label"]) for r in project.roles()] == [
        ("G", "General practitioner"), ("N", "Community nurse"), ("M", "Manager")]
    assert applied_migrations(db)[0] == "m001_initial"
    assert schema.migrations.pending(db) == []


def test_custom_roles(tmp_path):
    with Project.create(tmp_path / "cq.sqlite", roles="O=Official,E=Executive") as project:
        assert project.role_prefixes() == ["O", "E"]
        assert project.participant_id("e08") == "E8"
        with pytest.raises(WorkbenchError, match="not a participant ID"):
            project.participant_id("G3")


@pytest.mark.parametrize("spec", ["G", "G=,N=Nurse", "G1=Doctor", "G=A,g=B"])
def test_bad_role_schemes(tmp_path, spec):
    with pytest.raises(WorkbenchError):
        Project.create(tmp_path / "x.sqlite", roles=spec)
    assert not (tmp_path / "x.sqlite").exists()


def test_create_refuses_an_existing_file(project_path):
    with pytest.raises(WorkbenchError, match="exists already"):
        Project.create(project_path)


def test_pending_migration_is_applied_after_a_backup(project_path, monkeypatch):
    def m999_test_column(db: Database) -> None:
        db.execute("ALTER TABLE sources ADD COLUMN note TEXT")

    monkeypatch.setattr(schema.migrations, "_migrations", list(schema.migrations._migrations))
    schema.migrations()(m999_test_column)
    db = open_database(project_path)
    assert "note" in db["sources"].columns_dict
    db.close()
    backups = list(project_path.parent.glob("study.sqlite.bak-*-before-m999_test_column"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert "note" not in [r[1] for r in old.execute("PRAGMA table_info(sources)")]
    old.close()


def test_foreign_keys_are_enforced(project):
    with pytest.raises(sqlite3.IntegrityError):
        project.db.execute("INSERT INTO participants (id, role, number) VALUES ('X1', 'X', 1)")
