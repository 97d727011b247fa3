"""Checks across files that an editor meets: duplicate ids beside other errors, folder and field."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import BRAND, load, write_project


def test_duplicate_ids_are_reported_even_when_the_files_have_other_errors(tmp_path: Path) -> None:
    broken = BRAND.replace("level: 基层品牌", "level: 省级").replace("slogan: 党建引领促振兴\n", "")
    result = load(write_project(tmp_path, {"data/brands/农村/nc-test-01.yml": BRAND,
                                            "data/brands/机关/nc-test-01.yml": broken.replace("field: 农村",
                                                                                              "field: 机关")}))
    codes = {(d.path, d.code) for d in result.diagnostics}
    assert ("data/brands/农村/nc-test-01.yml", "DJ111") in codes
    assert ("data/brands/机关/nc-test-01.yml", "DJ111") in codes
    assert ("data/brands/机关/nc-test-01.yml", "DJ104") in codes  # the other error is still there


def test_a_brand_in_another_fields_folder_is_located_at_its_field(tmp_path: Path) -> None:
    result = load(write_project(tmp_path, {"data/brands/农村/nc-test-01.yml": BRAND.replace("field: 农村",
                                                                                           "field: 机关")}))
    assert [(d.code, d.line) for d in result.diagnostics] == [("DJ112", 4)]
    assert "brands/机关/" in result.diagnostics[0].format()
