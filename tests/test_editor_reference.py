"""The editor guide's field reference and code list are generated from the code."""

from __future__ import annotations

import pytest

from dangjian.load import diagnostics
from dangjian.model import KINDS
from dangjian.render import reference
from tests.project import project_under_test


def test_field_reference_lists_every_field_of_every_model_with_nested_ones() -> None:
    text = reference.field_reference()
    for kind, model in KINDS.items():
        assert f"{{#fields-{kind}}}" in text
        for name in model.model_fields:
            assert f"| `{name}` |" in text, (kind, name)
    for nested in ("location.lat", "opening_hours.mon", "courses[].format", "stops[].ref", "contact.mobile",
                   "sources[].title"):
        assert f"`{nested}`" in text
    contact_row = next(line for line in text.splitlines() if line.startswith("| `contact` |"))
    assert "不发布" in contact_row
    level_row = next(line for line in text.splitlines() if line.startswith("| `level` |"))
    assert "`省级示范点`" in level_row and "必填" in level_row


def test_every_diagnostic_code_appears_with_its_fix_including_new_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(diagnostics.CODES, "DJ999", ("新问题", "新的修改方法 | 含竖线"))
    text = reference.expand(f"前言\n\n{reference.CODES_MARKER}\n")
    for code, (title, _fix) in diagnostics.CODES.items():
        assert f"| `{code}` | {title.replace('|', chr(92) + '|')} |" in text
    assert "新的修改方法 \\| 含竖线" in text


@pytest.mark.realistic
def test_guide_pages_carry_the_markers() -> None:
    # a check of the hand-written guide, whatever else it says: the generated parts have a place
    guide = project_under_test() / "docs" / "editor"
    assert reference.FIELD_MARKER in (guide / "fields.md").read_text(encoding="utf-8")
    assert reference.CODES_MARKER in (guide / "codes.md").read_text(encoding="utf-8")
    assert reference.COLUMNS_MARKER in (guide / "spreadsheet.md").read_text(encoding="utf-8")


def test_reference_values_are_escaped() -> None:
    assert reference._cell("<b>a|b</b>") == "&lt;b&gt;a\\|b&lt;/b&gt;"


def test_the_guide_pages_are_written_out_in_the_repository_and_kept_current(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from dangjian.render.reference import CODES_MARKER, stale_guide_pages, write_guide_pages
    from tests.project import project_under_test

    docs = tmp_path / "docs"
    shutil.copytree(project_under_test() / "docs", docs)
    codes = docs / "editor" / "codes.md"
    assert "| `DJ001` |" in codes.read_text(encoding="utf-8")  # readable without a build
    assert stale_guide_pages(docs) == []
    codes.write_text(codes.read_text(encoding="utf-8").replace("| `DJ001` |", "| `DJ000` |"), encoding="utf-8")
    assert stale_guide_pages(docs) == ["editor/codes.md"]
    assert write_guide_pages(docs) == ["editor/codes.md"] and stale_guide_pages(docs) == []
    assert codes.read_text(encoding="utf-8").count(CODES_MARKER) == 1
