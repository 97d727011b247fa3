"""One test per diagnostic: a bad file and the exact place the editor is sent to."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bad_files import DIAGNOSTIC_CASES, B, S, brand_with, site_with
from tests.helpers import BRAND, lines, load, write_project

# (name, file, text, expected "path:line:col: CODE"): the bad files are shared with the
# schemas' parity test (tests/test_schema_parity.py)
CASES = [(c.name, c.rel, c.text, c.expected) for c in DIAGNOSTIC_CASES]


@pytest.mark.parametrize(("name", "rel", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_diagnostic_names_file_line_and_column(
    tmp_path: Path, name: str, rel: str, text: str, expected: str
) -> None:
    write_project(tmp_path, {rel: text})
    result = load(tmp_path)
    assert result.catalog is None, "a file with a mistake must not produce a catalog"
    found = lines(result)
    assert any(line.startswith(expected) for line in found), found
    places = [line.split(" ")[0] for line in found]
    assert len(places) == len(set(places)), f"one mistake, one diagnostic per place: {found}"


def test_gbk_file_is_reported_as_encoding_error(tmp_path: Path) -> None:
    write_project(tmp_path, {B: BRAND.encode("gb18030")})
    found = lines(load(tmp_path))
    assert found[0].startswith(f"{B}:2:7: DJ010"), found


def test_unknown_field_suggests_the_close_name(tmp_path: Path) -> None:
    write_project(tmp_path, {B: brand_with("slogan:", "slogen:")})
    (diag,) = load(tmp_path).diagnostics
    assert "是不是想写“slogan”" in diag.hint


def test_swapped_coordinates_hint_says_swap(tmp_path: Path) -> None:
    text = site_with("lat: 45.54", "lat: 131.83").replace("lon: 131.83\n", "lon: 45.54\n", 1)
    write_project(tmp_path, {S: text})
    (diag,) = load(tmp_path).diagnostics
    assert diag.code in ("DJ130", "DJ131")
    assert "写反" in diag.hint


def test_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    other = "data/brands/城市社区/NC-TEST-01.yml"
    write_project(tmp_path, {other: brand_with("id: nc-test-01", "id: nc-test-01")})
    found = lines(load(tmp_path))
    dj111 = [f for f in found if " DJ111 " in f]
    assert len(dj111) == 2, found
    assert any(f.startswith(B + ":1:5") and other in f for f in dj111)
    assert any(f.startswith(other + ":1:5") and B in f for f in dj111)


def test_duplicate_id_compared_after_nfkc_and_casefold(tmp_path: Path) -> None:
    # The id pattern forbids upper case, so the fold matters for file names on
    # case-insensitive disks; the comparison itself is checked directly.
    from dangjian.catalog import fold_id

    assert fold_id("ＮＣ-Test") == fold_id("nc-test")


def test_route_stop_to_unknown_id(tmp_path: Path) -> None:
    route = "routes/test-route.yml"
    from tests.helpers import ROUTE

    write_project(tmp_path, {route: ROUTE.replace("ref: test-school", "ref: test-schol")})
    (diag,) = load(tmp_path).diagnostics
    assert diag.format().startswith(f"{route}:8:10: DJ120")
    assert "test-school" in diag.hint


def test_route_stop_to_internal_entity(tmp_path: Path) -> None:
    from tests.helpers import ROUTE, SCHOOL

    write_project(tmp_path, {"data/schools/test-school.yml": SCHOOL.replace("visibility: public",
                                                                            "visibility: internal"),
                             "routes/test-route.yml": ROUTE})
    found = lines(load(tmp_path))
    assert found == ["routes/test-route.yml:8:10: DJ121 公开线路经过了非公开条目“test-school”"
                     "（data/schools/test-school.yml）"]


def test_route_stop_without_coordinates(tmp_path: Path) -> None:
    from tests.helpers import ROUTE

    route = ROUTE.replace("ref: test-school", "ref: nc-test-01")
    write_project(tmp_path, {"routes/test-route.yml": route})
    found = lines(load(tmp_path))
    assert found[0].startswith("routes/test-route.yml:8:10: DJ122")


def test_every_problem_is_reported_in_one_run_sorted(tmp_path: Path) -> None:
    write_project(tmp_path, {
        B: brand_with("slogan:", "slogen:").replace("field: 农村", "field: 农业"),
        S: site_with("visit_minutes: 60", "visit_minutes: 六十"),
    })
    result = load(tmp_path)
    codes = [(d.path, d.line, d.code) for d in result.diagnostics]
    assert codes == sorted(codes)
    assert {c for _, _, c in codes} >= {"DJ101", "DJ104", "DJ103"}
    assert len({p for p, _, _ in codes}) == 2


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    raw = ("\ufeff" + BRAND).replace("\n", "\r\n").encode("utf-8")
    write_project(tmp_path, {B: raw})
    result = load(tmp_path)
    assert result.ok, lines(result)


def test_quoted_values_that_look_like_traps_are_fine(tmp_path: Path) -> None:
    write_project(tmp_path, {B: brand_with("slogan: 党建引领促振兴", 'slogan: "NO"')})
    assert load(tmp_path).ok


def test_clean_fixture_loads(tmp_path: Path) -> None:
    write_project(tmp_path, {})
    result = load(tmp_path)
    assert result.ok, lines(result)
    assert result.catalog is not None
    assert [len(result.catalog.of_kind(k)) for k in ("site", "school", "brand", "route")] == [1, 1, 1, 1]


def test_display_paths_of_linked_files_and_folders_are_where_they_resolve(tmp_path: Path) -> None:
    from dangjian.load.diagnostics import display_path, forget_resolved

    root = tmp_path / "project"
    (root / "data" / "real").mkdir(parents=True)
    (root / "data" / "real" / "a.yml").write_text("x: 1\n", encoding="utf-8")
    (root / "data" / "linked").symlink_to(root / "data" / "real")
    (root / "data" / "b.yml").symlink_to(root / "data" / "real" / "a.yml")
    outside = tmp_path / "outside.yml"
    outside.write_text("x: 1\n", encoding="utf-8")
    (root / "data" / "c.yml").symlink_to(outside)
    forget_resolved()
    for path in (root / "data" / "real" / "a.yml", root / "data" / "linked" / "a.yml",
                 root / "data" / "b.yml", root / "data" / "c.yml", root / "data" / "missing.yml",
                 root / "data" / "linked" / "missing.yml", root / "data" / "linked" / "..", root,
                 root / "data" / ".." / "data" / "real" / "a.yml", Path("relative.yml")):
        try:
            expected = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            expected = path.as_posix()
        assert display_path(path, root) == expected, path
    assert display_path(root / "data" / "b.yml", root) == "data/real/a.yml"
