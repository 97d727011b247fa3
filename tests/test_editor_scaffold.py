"""`dangjian new`: a skeleton an editor fills in, with a comment on every field."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from dangjian.editor.scaffold import ScaffoldError, new_entity
from dangjian.editor.yamlwrite import field_order
from dangjian.model import KINDS
from dangjian.settings import load_settings
from tests.helpers import lines, load, write_project

FILLS = {
    "brand": {"name": "新时代先锋", "org": "当壁镇某村党支部（示例）", "town": "当壁镇", "level": "基层品牌",
              "summary": "示例简介。", "visibility": "public"},
    "site": {"name": "某纪念馆（示例）", "kind": "纪念馆", "town": "密山镇", "summary": "示例简介。",
             "visibility": "internal"},
    "school": {"name": "某微党校（示例）", "town": "当壁镇", "summary": "示例。", "host": "某村（示例）",
               "host_org": "某村党支部（示例）", "visibility": "internal"},
    "route": {"name": "示例线路", "theme": "红色教育", "summary": "示例。", "ref": "test-site",
              "minutes": "30", "visibility": "internal"},
}


def fill(text: str, values: dict[str, str]) -> str:
    """Fill every empty required key the way an editor would: after its colon."""
    out = []
    refs = iter(["test-site", "test-school"])
    for line in text.splitlines():
        m = re.match(r"^(\s*(?:- )?)([a-z_]+):$", line)
        if m and m[2] in values:
            value = next(refs) if m[2] == "ref" else values[m[2]]
            line = f"{line} {value}"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", ["brand", "site", "school", "route"])
def test_skeleton_passes_check_once_filled(tmp_path: Path, kind: str) -> None:
    root = write_project(tmp_path, {})
    made = new_entity(load_settings(root), kind, f"new-{kind}-01", "农村" if kind == "brand" else None)
    unfilled = lines(load(root))
    assert unfilled and all(f"new-{kind}-01.yml" in line for line in unfilled)
    made.path.write_text(fill(made.text, FILLS[kind]), encoding="utf-8")
    assert lines(load(root)) == []


def test_skeleton_is_named_and_placed_like_the_shipped_files(tmp_path: Path) -> None:
    root = write_project(tmp_path, {})
    made = new_entity(load_settings(root), "brand", "nc-dangbi-09", "农村")
    assert made.path == root / "data/brands/农村/nc-dangbi-09.yml"
    first = made.text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/brand.schema.json"
    assert "id: nc-dangbi-09" in made.text and "field: 农村" in made.text
    route = new_entity(load_settings(root), "route", "new-route")
    assert route.path == root / "routes/new-route.yml"
    assert route.text.startswith("# yaml-language-server: $schema=../schemas/route.schema.json\n")


@pytest.mark.parametrize("kind", ["brand", "site", "school", "route"])
def test_every_field_has_a_chinese_comment_from_the_model(kind: str, tmp_path: Path) -> None:
    root = write_project(tmp_path, {}, base=False)
    text = new_entity(load_settings(root), kind, "x-01", "机关" if kind == "brand" else None).text
    body = text.splitlines()
    model = KINDS[kind]
    for name in field_order(model):
        index = next(i for i, line in enumerate(body) if re.match(rf"^(# )?{name}:", line))
        comment = body[index - 1]
        assert comment.startswith("# ") and model.model_fields[name].description in comment, name
    assert "不发布" in text


def test_new_refuses_to_overwrite_and_to_reuse_an_id(tmp_path: Path) -> None:
    root = write_project(tmp_path, {})
    settings = load_settings(root)
    with pytest.raises(ScaffoldError, match=re.escape("已被 data/brands/农村/nc-test-01.yml 使用")):
        new_entity(settings, "brand", "nc-test-01", "农村")
    with pytest.raises(ScaffoldError, match=re.escape("已被 data/sites/test-site.yml 使用")):
        new_entity(settings, "brand", "test-site", "国企")
    with pytest.raises(ScaffoldError, match="格式不对"):
        new_entity(settings, "brand", "NC_测试", "农村")
    with pytest.raises(ScaffoldError, match="--field"):
        new_entity(settings, "brand", "nc-new-01", None)
    made = new_entity(settings, "site", "fresh-site")
    made.path.write_text("id: fresh-site\n", encoding="utf-8")
    with pytest.raises(ScaffoldError):
        new_entity(settings, "site", "fresh-site")
    assert made.path.read_text(encoding="utf-8") == "id: fresh-site\n"


def test_cli_new_reports_errors_without_traceback(tmp_path: Path) -> None:
    root = write_project(tmp_path, {})
    run = [sys.executable, "-m", "dangjian.cli", "new", "--root", str(root)]
    done = subprocess.run([*run, "brand", "nc-new-01", "--field", "国企"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0 and "data/brands/国企/nc-new-01.yml" in done.stdout
    done = subprocess.run([*run, "brand", "nc-new-01", "--field", "国企"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1 and "已被" in done.stderr and "Traceback" not in done.stderr
