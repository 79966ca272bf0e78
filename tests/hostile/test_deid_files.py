"""Broken files given to `deid check` and `deid terms import`: one line naming the file and
the problem, exit code 1, the project unchanged."""

import pytest


@pytest.mark.parametrize("name, content, message", [
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word document"),
    ("broken.xlsx", b"\x00\x01\x02 nothing", "not a readable Excel workbook"),
    ("broken.qdpx", b"not a zip at all", "not a readable .qdpx archive"),
    ("binary.csv", b"\x00\xff\xfe\x00" * 50, "broken.csv"),
])
def test_a_broken_file_to_check(cli, project_path, dump, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(project_path)
    result = cli("deid", "check", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert str(path) in result.output or name in result.output
    if name != "binary.csv":
        assert message in result.output
    assert dump(project_path) == before


@pytest.mark.parametrize("content, message", [
    (b"\x00\x00\x00", "binary"),
    (b"term,replacement\n", "has no terms"),
    (b"term,replacement,kind\nDr Wang,[GP],martian\n", "line 2: the kind 'martian'"),
    (b"Dr Wang,[GP]\nDr Wang,[GP 2]\n", "line 2: 'Dr Wang' is on line 1 already"),
])
def test_a_broken_word_list(cli, project_path, dump, tmp_path, content, message):
    path = tmp_path / "words.csv"
    path.write_bytes(content)
    before = dump(project_path)
    result = cli("deid", "terms", "import", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "words.csv" in result.output
    if message != "binary":
        assert message in result.output
    assert dump(project_path) == before
