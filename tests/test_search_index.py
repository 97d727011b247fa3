"""Chinese search at build time: user dictionary, sub-words, pinyin, index contents, loud setup."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dangjian.search import dictionary, index
from dangjian.search.pinyin import name_pinyin
from dangjian.search.requirements import SearchSetupError, check_search_config
from dangjian.search.segment import search_words, sub_words
from tests.helpers import load, write_project
from tests.searchproject import search_project
from tests.sitebuild import build


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    result = load(search_project(tmp_path_factory.mktemp("search") / "p"))
    assert result.catalog is not None, result.diagnostics
    return result.catalog


@pytest.fixture(scope="module")
def loaded(catalog):  # type: ignore[no-untyped-def]
    from dangjian.search.build import load_user_dictionary

    load_user_dictionary(catalog)
    return catalog


def test_user_dictionary_holds_programmes_places_towns_and_short_names(catalog) -> None:  # type: ignore[no-untyped-def]
    words = dictionary.user_words(catalog)
    # the programmes and places of the source article, and the catalog's towns, short names and names
    for word in ("擂台比武", "密邻", "融合工程", "红烛先锋", "筑堡争先先锋促发展", "新力量", "筑堡",
                 "兴凯湖", "北大荒", "航校", "民主联军", "当壁镇", "密山镇", "承紫河乡", "白鱼湾镇",
                 "北大荒纪念馆", "航校旧址", "湖畔红帆", "邻里守望", "红色密山行", "美丽乡村行", "博物馆"):
        assert word in words, word
    assert len(words) == len(set(words))
    assert all(len(w) >= 2 for w in words)
    assert "当壁镇边境微党校教学点" not in words  # too long: found through its parts
    assert not any("示例" in w for w in words)


def test_user_dictionary_leaves_out_internal_entities(tmp_path: Path) -> None:
    from tests.helpers import BRAND

    secret = BRAND.replace("nc-test-01", "nc-test-09").replace("红色引擎", "绝密品牌").replace(
        "visibility: public", "visibility: internal")
    result = load(write_project(tmp_path, {"data/brands/农村/nc-test-09.yml": secret}, base=True))
    assert result.catalog is not None
    assert "绝密品牌" not in dictionary.user_words(result.catalog)


def test_search_words_of_the_aviation_school_include_its_sub_words(loaded) -> None:  # type: ignore[no-untyped-def]
    got = search_words("东北民主联军航空学校旧址")
    assert "民主联军" in got
    assert {"东北", "航空", "学校", "旧址"} <= set(got)
    assert "航校" in search_words("东北老航校纪念馆")
    assert "航校" in sub_words("老航校")


def test_towns_stay_whole_once_the_dictionary_is_loaded(loaded) -> None:  # type: ignore[no-untyped-def]
    from dangjian.search.segment import words

    assert "密山镇" in words("纪念馆位于密山镇")
    assert "当壁镇" in words("当壁镇兴凯湖畔")


def test_pinyin_of_a_name_gives_full_spelling_and_initials_from_each_word(loaded) -> None:  # type: ignore[no-untyped-def]
    tokens = name_pinyin("北大荒开发建设纪念馆")
    assert tokens[:2] == ["beidahuangkaifajianshejinianguan", "bdhkfjsjng"]
    assert "jinianguan" in tokens and "jng" in tokens
    assert any(t.startswith("minzhulianjun") for t in name_pinyin("东北民主联军航空学校旧址"))
    assert "xingkaihubowuguan" in name_pinyin("兴凯湖博物馆")
    assert name_pinyin("党建+业务双融")[0] == "dangjianyewushuangrong"


def test_entity_terms_carry_name_tails_pinyin_and_kind_and_town_tags(loaded) -> None:  # type: ignore[no-untyped-def]
    site = index.entity_terms(loaded.get("hangxiao-jiuzhi"))
    assert {"民主联军", "航校旧址", "航校", "dbmzljhkxxjz"} <= set(site.names)
    assert site.tags == ["教育基地", "密山镇"]
    route = index.entity_terms(loaded.get("meili-xiangcun"))
    assert "乡村行" in route.names and route.tags[0] == "线路"
    brand = index.entity_terms(loaded.get("nc-hupan"))
    assert brand.tags == ["品牌", "农村", "白鱼湾镇"]


def test_records_hold_the_pages_own_texts_and_names_terms_and_tags(loaded) -> None:  # type: ignore[no-untyped-def]
    from dangjian.search.records import entity_record
    from dangjian.search.terms import record_terms

    record = entity_record(loaded.get("nc-hupan"), loaded)
    assert record.location == "brands/nc-hupan/" and record.title == "湖畔红帆"
    assert record.tags == ("品牌", "农村", "白鱼湾镇")
    assert "组织党员种植优质稻米" in record.texts and "该村党组织参加乡村振兴主题擂台比武。" in record.texts
    terms = record_terms(record)
    assert {"hupanhongfan", "hphf", "湖畔红帆"} <= set(terms["names"])
    assert "稻米" in terms["text"] and terms["tags"]["白鱼湾镇"] == 1
    site = record_terms(entity_record(loaded.get("hangxiao-jiuzhi"), loaded))
    assert "民主联军" in site["words"] or "民主联军" in site["title"]


def test_an_internal_entity_has_no_record(tmp_path: Path) -> None:
    from dangjian.render.pages import SECTION_TITLES
    from dangjian.search.records import catalog_records, entity_record
    from tests.helpers import BRAND

    secret = BRAND.replace("nc-test-01", "nc-test-09").replace("visibility: public", "visibility: internal")
    result = load(write_project(tmp_path, {"data/brands/农村/nc-test-09.yml": secret}, base=True))
    assert result.catalog is not None
    assert "brands/nc-test-09/" not in {r.location for r in catalog_records(result.catalog, SECTION_TITLES)}
    with pytest.raises(ValueError):
        entity_record(result.catalog.get("nc-test-09"), result.catalog)


def test_bad_separator_fails_with_a_chinese_hint() -> None:
    with pytest.raises(SearchSetupError, match="separator"):
        check_search_config({"lang": ["zh"], "separator": "[\\s\\-]+"})
    with pytest.raises(SearchSetupError, match="lang"):
        check_search_config({"lang": ["en"], "separator": "[\\s\\u200b\\-]+"})
    with pytest.raises(SearchSetupError, match="search 插件"):
        check_search_config(None)
    check_search_config({"lang": ["zh"], "separator": "[\\s\\u200b\\-]+"})


def _project_with(tmp_path: Path, mkdocs_yml: str) -> Path:
    project = write_project(tmp_path / "p", {})
    (project / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    return project


MKDOCS = """\
site_name: test
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
      separator: '{separator}'
  - dangjian/content
  - dangjian/search
"""


def test_build_without_jieba_fails_loudly(tmp_path: Path) -> None:
    project = _project_with(tmp_path, MKDOCS.format(separator="[\\s\\u200b\\-]+"))
    code = (
        "import sys; sys.modules['jieba'] = None\n"
        "from mkdocs.__main__ import cli\n"
        f"sys.argv = ['mkdocs', 'build', '--strict', '-q', '-f', {str(project / 'mkdocs.yml')!r},"
        f" '-d', {str(tmp_path / 'site')!r}]\n"
        "cli()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode != 0
    assert "jieba" in done.stderr and "无法导入" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site" / "search" / "search_index.json").exists()


def test_build_with_a_separator_without_zero_width_space_fails(tmp_path: Path) -> None:
    project = _project_with(tmp_path, MKDOCS.format(separator="[\\s\\-]+"))
    done = build(project, tmp_path / "site")
    assert done.returncode != 0
    assert "零宽空格" in done.stderr and "Traceback" not in done.stderr


def test_built_index_finds_sub_words_names_and_pinyin(tmp_path: Path) -> None:
    project = _project_with(tmp_path, MKDOCS.format(separator="[\\s\\u200b\\-]+"))
    done = build(project, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    search = tmp_path / "site" / "search"
    material = json.loads((search / "search_index.json").read_bytes())
    assert [d["location"] for d in material["docs"]] == [""]  # only the hand-written page
    manifest = json.loads((search / "manifest.json").read_bytes())
    docs = [json.loads((search / "docs" / f"{n}.json").read_bytes()) for n in range(manifest["docs"])]
    brand = next(d for d in docs if d["location"] == "brands/nc-test-01/")
    assert brand["tags"][0] == "品牌"
    terms = {t for n in range(manifest["post"]) for t in json.loads((search / "post" / f"{n}.json").read_bytes())}
    assert {"hongseyinqing", "hsyq", "红色引擎"} <= terms
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "workers/dangjian-search.js" in html and "workers/search." not in html
