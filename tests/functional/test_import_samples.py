"""The bundled sample study imports with the right participants, turns and offsets."""


from workbench.project import Project


def test_twenty_sources_and_participants_by_role(query, sample_project):
    assert query(sample_project, "SELECT count(*) FROM sources") == [(20,)]
    assert query(sample_project, "SELECT role, count(*) FROM participants GROUP BY role "
                                "ORDER BY role") == [("G", 11), ("M", 4), ("N", 5)]
    assert query(sample_project, "SELECT count(*) FROM sources WHERE participant IS NULL") == [(0,)]


def test_every_participant_turn_is_attributed(query, sample_project):
    unattributed = query(sample_project, """
        SELECT s.name, g.speaker FROM segments g JOIN sources s ON s.id = g.source
        WHERE g.kind = 'turn' AND g.is_interviewer = 0 AND g.participant IS NULL""")
    assert unattributed == []
    # Each interview has both interviewer and participant turns, and they are the source's own.
    mismatched = query(sample_project, """
        SELECT s.name FROM segments g JOIN sources s ON s.id = g.source
        WHERE g.kind = 'turn' AND g.is_interviewer = 0 AND g.participant != s.participant""")
    assert mismatched == []
    assert query(sample_project, """SELECT count(DISTINCT source) FROM segments
                                   WHERE kind = 'turn' AND is_interviewer = 1""") == [(20,)]


def test_participant_ids_come_from_header_file_name_or_labels(query, sample_project):
    found = dict(query(sample_project, "SELECT name, participant FROM sources"))
    assert found["interview_06.txt"] == "G6"  # header line only
    assert found["Interview G3 2024-03-15.txt"] == "G3"  # file name only
    assert found["N3_transcript.docx"] == "N3"  # Word speaker table
    dates = dict(query(sample_project, "SELECT name, interview_date FROM sources"))
    assert dates["Interview G3 2024-03-15.txt"] == "2024-03-15"
    assert all(dates.values()), dates


def test_subtitle_turns_keep_cue_times(query, sample_project):
    timed = query(sample_project, """
        SELECT count(*), min(g.time_start) FROM segments g JOIN sources s ON s.id = g.source
        WHERE s.format = 'vtt' AND g.kind = 'turn' AND g.time_start IS NOT NULL""")
    assert timed[0][0] > 10 and timed[0][1] >= 0


def test_reimporting_the_same_folder_changes_nothing(dump, samples, tmp_path):
    path = tmp_path / "again.sqlite"
    Project.create(path).close()
    with Project.open(path) as project:
        first = project.import_paths([samples])
    before = dump(path)
    with Project.open(path) as project:
        second = project.import_paths([samples])
    assert len(first.imported) == 20
    assert second.imported == [] and len(second.unchanged) == 20
    assert dump(path) == before
    assert "participants.csv" in " ".join(first.skipped)


def test_chinese_interviews(samples, tmp_path):
    path = tmp_path / "zh.sqlite"
    with Project.create(path) as project:
        report = project.import_paths([samples / "zh"])
        assert report.ok and len(report.imported) == 2
        sources = {s["participant"]: s for s in project.sources()}
        assert set(sources) == {"G1", "N1"}
        assert {s["language"] for s in sources.values()} == {"zh"}
        for source in sources.values():
            turns = project.turns(source["id"])
            assert len(turns) >= 6
            assert {t["speaker"] for t in turns} == {"访谈者", source["participant"]}
        sentences = project.db.execute(
            "SELECT count(*) FROM segments WHERE kind = 'sentence'").fetchone()[0]
        assert sentences > 20
        # The trigram index finds a three-character Chinese word in both interviews.
        hits = project.db.execute(
            "SELECT count(*) FROM segment_trigram WHERE segment_trigram MATCH ?",
            ['"糖尿病"']).fetchone()[0]
        assert hits >= 2


def test_every_segment_is_a_slice_of_its_source(samples, sample_project, tmp_path):
    """Positions are code-point offsets: checked over all samples, Chinese and emoji included."""
    zh = tmp_path / "zh.sqlite"
    with Project.create(zh) as project:
        assert project.import_paths([samples / "zh"]).ok
    checked = 0
    emoji_seen = False
    for path in (sample_project, zh):
        with Project.open(path) as project:
            texts = {r["id"]: r["text"] for r in project.db.query("SELECT id, text FROM sources")}
            for source_id, start, end, kind in project.db.execute(
                    'SELECT source, start, "end", kind FROM segments'):
                text = texts[source_id]
                piece = project.db.execute(
                    "SELECT substr(text, ?, ?) FROM sources WHERE id = ?",
                    [start + 1, end - start, source_id]).fetchone()[0]
                assert piece == text[start:end]
                assert piece == piece.strip() and piece
                emoji_seen |= any(ord(ch) > 0xFFFF for ch in piece)
                checked += 1
    assert emoji_seen, "the samples should contain a character outside the BMP"
    assert checked > 1000
