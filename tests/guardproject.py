"""A small project with the publishing plugins switched on, for the publishing-safety tests."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from tests.helpers import BRAND, REPO, SITE, write_project
from tests.sitebuild import build
from tests.xss import VECTORS, history_with_vectors, xss_brand

MKDOCS_YML = """\
site_name: 测试站点
site_url: http://127.0.0.1:8000/
theme:
  name: material
  language: zh
  font: false
  custom_dir: overrides
  features:
    - navigation.instant
    - search.suggest
    - search.highlight
plugins:
  - search:
      lang: zh
      separator: '[\\s\\u200b\\-]+'
  - dangjian/content
  - dangjian/maps
  - dangjian/planner
  - dangjian/guard:
      allow_phones: {allow}
validation:
  nav:
    omitted_files: warn
    not_found: warn
    absolute_links: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
nav:
  - 首页: index.md
  - 关于: about.md
  - 红色教育基地: sites/index.md
  - 边境微党校: schools/index.md
  - 党建品牌: brands/index.md
  - 研学线路: routes/index.md
  - 研学规划: planner/index.md
"""

INDEX_MD = """\
# 首页

<!-- dangjian:home-sections -->

见[关于本站的资料来源](about.md#资料来源)。
"""

ABOUT_MD = """\
# 关于本站

## 资料来源

本站介绍测试数据。跳到[本页的资料来源](#资料来源)。

## Mixed 标题 Case

[回到首页](index.md)
"""


def guard_project(root: Path, files: dict[str, str] | None = None, allow_phones: tuple[str, ...] = (),
                  site_url: str = "http://127.0.0.1:8000/", guard: str = "") -> Path:
    """The small test project (1 site, 1 school, 1 brand, 1 route) with every plugin of the site.

    guard: more `dangjian/guard` options, as YAML lines ("workers: 1").
    """
    allow = "[" + ", ".join(f'"{p}"' for p in allow_phones) + "]"
    if guard:
        allow += "".join("\n      " + line for line in guard.splitlines())
    project = write_project(root, {
        "docs/index.md": INDEX_MD,
        "docs/about.md": ABOUT_MD,
        **(files or {}),
    })
    config = MKDOCS_YML.replace("{allow}", allow).replace("http://127.0.0.1:8000/", site_url)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    # the site's theme overrides, as they are (main.html, the footer's partial)
    shutil.copytree(REPO / "docs" / "overrides", project / "overrides", dirs_exist_ok=True)
    return project


def site_project(root: Path, government: dict[str, str] | None = None, *,
                 site_url: str = "http://127.0.0.1:8000/", content: tuple[str, ...] = (),
                 top: str = "", features: tuple[str, ...] = ()) -> Path:
    """guard_project with extra.government (key -> text), options of dangjian/content
    ("publish: true"), more theme features and top-level settings (top: YAML lines)."""
    from tests.project import set_plugin_option

    path = guard_project(root, site_url=site_url)
    config = path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    listed = "  features:\n"
    assert listed in text
    text = text.replace(listed, listed + "".join(f"    - {f}\n" for f in features), 1)
    for option in content:
        text = set_plugin_option(text, "dangjian/content", option)
    if government is not None:
        quoted = {key: "'" + value.replace("'", "''") + "'" for key, value in government.items()}
        text += "extra:\n  government:\n" + "".join(f"    {k}: {v}\n" for k, v in quoted.items())
    config.write_text(top + text, encoding="utf-8")
    return path


def every_text(site: Path) -> dict[str, str]:
    """Every file under site/ as text (gzip decompressed, JSON \\u escapes decoded as a second copy)."""
    import gzip
    import json
    import re

    texts: dict[str, str] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        if "\\u" in text:
            text += "\n" + re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)
        if path.suffix == ".json":
            with contextlib.suppress(ValueError):
                text += "\n" + json.dumps(json.loads(data), ensure_ascii=False)
        texts[path.relative_to(site).as_posix()] = text
    return texts


SECRET_BRAND = """\
id: nc-secret-01
name: 内部标记品牌ZQX7
org: 内部标记党组织ZQX7
field: 农村
town: 内部标记镇ZQX7
level: 基层品牌
summary: 内部标记简介MARKER-INT-5D1C，不得发布。
location:
  lat: 45.31
  lon: 132.01
visibility: internal
"""

SECRET_SITE = """\
id: secret-site
name: 内部教学点MARKER-SITE-88E2
kind: 旧址
town: 当壁镇
location:
  lat: 45.35
  lon: 132.05
summary: 内部教学点的简介MARKER-SITE-88E2。
history: 内部沿革MARKER-SITE-88E2。
visibility: internal
"""

PUBLIC_WITH_INTERNAL_FIELDS = BRAND + """\
internal_notes: 内部备注MARKER-NOTE-41AF，仅供组织部参考。
contact:
  name: 联系人MARKER-CONTACT-7B
  mobile: "13912345678"
  note: 联系人备注MARKER-CONTACT-NOTE
"""

MARKERS = ("ZQX7", "MARKER-INT-5D1C", "MARKER-SITE-88E2", "nc-secret-01", "secret-site",
           "MARKER-NOTE-41AF", "MARKER-CONTACT-7B", "MARKER-CONTACT-NOTE", "13912345678")


def safe_project(root: Path, site_url: str = "http://127.0.0.1:8000/") -> Path:
    """The small project with XSS vectors in every text field, internal entities and internal
    fields; returns the project folder."""
    import json

    files = {f"data/brands/农村/xss-{n:02d}.yml": xss_brand(n, v) for n, v in enumerate(VECTORS, 1)}
    files["data/brands/农村/nc-secret-01.yml"] = SECRET_BRAND
    files["data/sites/secret-site.yml"] = SECRET_SITE
    files["data/brands/农村/nc-test-01.yml"] = PUBLIC_WITH_INTERNAL_FIELDS
    files["data/sites/test-site.yml"] = SITE + f"history: {json.dumps(history_with_vectors(), ensure_ascii=False)}\n"
    return guard_project(root / "project", files, site_url=site_url)


def build_safe_site(root: Path, site_url: str = "http://127.0.0.1:8000/") -> Path:
    """safe_project built with --strict (it must pass); returns the site folder."""
    project = safe_project(root, site_url)
    out = root / "site"
    done = build(project, out)
    assert done.returncode == 0, done.stderr[-4000:]
    return out
