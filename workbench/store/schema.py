"""The project schema as sqlite-utils migrations, applied in order when a project is opened.

Positions (``start``, ``end``) are Unicode code-point offsets into ``sources.text``, end
exclusive, as in REFI-QDA. Full-text search uses two contentless FTS5 indexes whose rowid
is the sentence segment's id: ``segment_fts`` (porter stemming over unicode61 words) for
alphabetic scripts and ``segment_trigram`` for Chinese, which has no spaces between words.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "workbench"
migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE roles (
            prefix TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            sort_order INTEGER NOT NULL
        );
        CREATE TABLE participants (
            id TEXT PRIMARY KEY,
            role TEXT NOT NULL REFERENCES roles(prefix),
            number INTEGER NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            path TEXT,
            sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            language TEXT NOT NULL,
            participant TEXT REFERENCES participants(id),
            interview_date TEXT,
            interview_order INTEGER NOT NULL,
            word_count INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            text TEXT NOT NULL  -- last, so that reading the other columns skips its pages
        );
        CREATE INDEX idx_sources_participant ON sources(participant);
        CREATE INDEX idx_sources_order ON sources(interview_order);
        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            source INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('turn', 'sentence')),
            parent INTEGER,  -- the turn of a sentence; removed with its source
            turn_number INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            speaker TEXT,
            participant TEXT REFERENCES participants(id),
            is_interviewer INTEGER NOT NULL DEFAULT 0,
            time_start REAL,
            time_end REAL,
            CHECK (0 <= start AND start < "end")
        );
        CREATE INDEX idx_segments_source ON segments(source, kind, start);
        CREATE INDEX idx_segments_turn_participant ON segments(participant) WHERE kind = 'turn';
        CREATE TABLE coders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            guid TEXT NOT NULL UNIQUE
        );
        CREATE TABLE codes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused: memos name them
            guid TEXT NOT NULL UNIQUE,
            parent INTEGER REFERENCES codes(id),
            name TEXT NOT NULL,
            short_definition TEXT,
            definition TEXT,
            inclusion TEXT,
            exclusion TEXT,
            example TEXT,
            colour TEXT,
            codable INTEGER NOT NULL DEFAULT 1,
            origin TEXT CHECK (origin IN ('deductive', 'inductive')),
            sort_order INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX idx_codes_sibling_name ON codes(coalesce(parent, 0), name);
        CREATE TABLE codings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused: memos name them
            guid TEXT NOT NULL UNIQUE,
            source INTEGER NOT NULL REFERENCES sources(id),
            code INTEGER NOT NULL REFERENCES codes(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            coder INTEGER NOT NULL REFERENCES coders(id),
            memo TEXT,
            exemplar INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            CHECK (0 <= start AND start < "end")
        );
        CREATE UNIQUE INDEX idx_codings_unique ON codings(source, code, start, "end", coder);
        CREATE INDEX idx_codings_code ON codings(code);
        CREATE TABLE memos (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused: memos name them
            guid TEXT NOT NULL UNIQUE,
            target_kind TEXT NOT NULL
                CHECK (target_kind IN ('project', 'source', 'code', 'participant', 'coding')),
            target TEXT,
            text TEXT NOT NULL,
            author INTEGER REFERENCES coders(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_memos_target ON memos(target_kind, target);
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            payload TEXT NOT NULL DEFAULT '{}',
            undone INTEGER NOT NULL DEFAULT 0
        );
        CREATE VIRTUAL TABLE segment_fts USING fts5(
            text, content='', tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE segment_trigram USING fts5(
            text, content='', tokenize='trigram'
        );
        """
    )


def _run(db: Database, script: str) -> None:
    """Run a script statement by statement: ``executescript`` would commit the migration's transaction."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m002_saturation_order(db: Database) -> None:
    """Sources can be left out of saturation (e.g. a pilot interview) without deleting them."""
    db.execute("ALTER TABLE sources ADD COLUMN left_out INTEGER NOT NULL DEFAULT 0")


@migrations()
def m003_turn_speaker_index(db: Database) -> None:
    """Finding the sources a group of participants speaks in reads only this index."""
    db.execute("DROP INDEX IF EXISTS idx_segments_turn_participant")
    db.execute("CREATE INDEX idx_segments_turn_speaker ON segments(participant, source) "
               "WHERE kind = 'turn'")


@migrations()
def m004_history_state(db: Database) -> None:
    """``history.undone`` held three states as 0/1/2; ``state`` names them."""
    _run(db, """
        CREATE TABLE history_new (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            payload TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'applied'
                CHECK (state IN ('applied', 'undone', 'superseded'))
        );
        INSERT INTO history_new (id, at, actor, action, summary, payload, state)
            SELECT id, at, actor, action, summary, payload,
                   CASE undone WHEN 0 THEN 'applied' WHEN 1 THEN 'undone' ELSE 'superseded' END
            FROM history;
        DROP TABLE history;
        ALTER TABLE history_new RENAME TO history
        """)


_SOURCE_COLUMNS = ("id, name, path, sha256, format, language, participant, interview_date, "
                   "interview_order, left_out, word_count, imported_at, text")


@migrations(transactional=False)
def m005_source_ids_never_reused(db: Database) -> None:
    """``sources.id`` becomes AUTOINCREMENT, so that a source imported after another was
    removed never takes its id (history entries name sources by id); and ``attribution``
    keeps how the speakers of each source were attributed, so that a correction re-attributes
    it the same way. Rebuilding a table that others reference needs foreign keys off, which
    SQLite allows only outside a transaction."""
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            _run(db, f"""
                CREATE TABLE sources_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: history names it
                    name TEXT NOT NULL UNIQUE,
                    path TEXT,
                    sha256 TEXT NOT NULL,
                    format TEXT NOT NULL,
                    language TEXT NOT NULL,
                    participant TEXT REFERENCES participants(id),
                    interview_date TEXT,
                    interview_order INTEGER NOT NULL,
                    left_out INTEGER NOT NULL DEFAULT 0,
                    word_count INTEGER NOT NULL,
                    imported_at TEXT NOT NULL,
                    attribution TEXT NOT NULL DEFAULT '{{}}',
                    text TEXT NOT NULL  -- last, so that reading the other columns skips its pages
                );
                INSERT INTO sources_new ({_SOURCE_COLUMNS}) SELECT {_SOURCE_COLUMNS} FROM sources;
                DROP TABLE sources;
                ALTER TABLE sources_new RENAME TO sources;
                CREATE INDEX idx_sources_participant ON sources(participant);
                CREATE INDEX idx_sources_order ON sources(interview_order)
                """)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign keys broken by m005: {problems[:5]}")
    finally:
        db.execute("PRAGMA foreign_keys = ON")


@migrations()
def m006_history_parts(db: Database) -> None:
    """A step made of several transactions (an import, one file per transaction) keeps the
    changes of each transaction as a part of its one history entry."""
    _run(db, """
        CREATE TABLE history_parts (
            entry INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
            part INTEGER NOT NULL,
            changes TEXT NOT NULL,
            PRIMARY KEY (entry, part)
        ) WITHOUT ROWID
        """)


@migrations()
def m008_codebook_review(db: Database) -> None:
    """A supervisor's review of the codebook: each code's review status, and review comments
    (author, time, text, resolved or not) kept apart from the analytic memos."""
    _run(db, """
        ALTER TABLE codes ADD COLUMN review_status TEXT NOT NULL DEFAULT 'draft'
            CHECK (review_status IN ('draft', 'proposed', 'approved', 'disputed'));
        CREATE TABLE code_comments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: history names them
            guid TEXT NOT NULL UNIQUE,
            code INTEGER NOT NULL REFERENCES codes(id),
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            text TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0,
            resolved_by TEXT,
            resolved_at TEXT
        );
        CREATE INDEX idx_code_comments_code ON code_comments(code)
        """)


@migrations()
def m011_deidentification(db: Database) -> None:
    """The project's word list for de-identification (a term, its replacement, its kind) and
    the researcher's decisions on candidates: for a term everywhere (no source) or for one
    occurrence (source and start)."""
    _run(db, """
        CREATE TABLE deid_terms (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            term TEXT NOT NULL UNIQUE,
            replacement TEXT NOT NULL CHECK (replacement <> ''),
            kind TEXT NOT NULL DEFAULT 'other',
            created_at TEXT NOT NULL
        );
        CREATE TABLE deid_decisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            term TEXT NOT NULL,
            source INTEGER,
            start INTEGER,
            decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'edit')),
            replacement TEXT,
            decided_at TEXT NOT NULL,
            CHECK ((source IS NULL) = (start IS NULL))
        );
        CREATE UNIQUE INDEX idx_deid_decisions_unique
            ON deid_decisions(term, coalesce(source, 0), coalesce(start, -1))
        """)
