"""The sharded search index of a small project: made from the catalog, small files that cover
every term, nothing internal in it, and the worker's ranking (core.js, run in node) equal to
a brute-force ranking of the same records (tests/searchrank.py) for random queries."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dangjian.search import shards
from dangjian.search.records import Record
from dangjian.search.terms import FIELDS
from tests.helpers import BRAND
from tests.searchproject import FILES, search_project
from tests.searchrank import Reference, project_reference, rank
from tests.sitebuild import build

SECRET = (BRAND.replace("nc-test-01", "nc-secret-01").replace("红色引擎", "绝密哨卡")
          .replace("visibility: public", "visibility: internal"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("shards")
    project = search_project(root / "p")
    secret = project / "data" / "brands" / "农村" / "nc-secret-01.yml"
    secret.write_text(SECRET, encoding="utf-8")
    done = build(project, root / "site")
    assert done.returncode == 0, done.stderr[-4000:]
    yield project, root / "site"


@pytest.fixture(scope="module")
def reference(built: tuple[Path, Path]) -> tuple[list, Reference]:
    return project_reference(built[0])


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def test_material_indexes_only_the_hand_written_pages(built: tuple[Path, Path]) -> None:
    _, site = built
    material = _json(site / "search" / "search_index.json")
    assert [d["location"] for d in material["docs"]] == [""]  # docs/index.md
    manifest = _json(site / "search" / "manifest.json")
    assert manifest["docs"] == len(FILES) + 4  # every public entity and the four directories
    worker = (site / "assets" / "javascripts" / "workers" / "dangjian-search.js").read_text(encoding="utf-8")
    assert manifest["version"] in worker and "importScripts" not in worker
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "workers/dangjian-search.js" in html and "workers/search." not in html


def test_every_term_is_in_the_files_the_worker_computes(built: tuple[Path, Path], reference) -> None:
    _, site = built
    records, ref = reference
    folder = site / "search"
    manifest = _json(folder / "manifest.json")
    assert manifest["docs"] == len(records)
    for n, record in enumerate(records):
        shown = _json(folder / "docs" / f"{n}.json")
        assert shown["location"] == record.location and shown["title"] == record.title
    for term, df in ref.df.items():
        where = shards.dict_file(term, manifest["dict"], manifest["split"])
        assert _json(folder / "dict" / f"{where}.json")[term][0] == df  # type: ignore[index]
    post = {t: v[1] for n in range(manifest["dict"] + sum(p for _, p in manifest["split"].values()))
            for t, v in _json(folder / "dict" / f"{n}.json").items()}  # type: ignore[union-attr]
    postings: dict[str, dict[int, dict[str, int]]] = {}
    for n in range(manifest["post"]):
        for term, flat in _json(folder / "post" / f"{n}.json").items():  # type: ignore[union-attr]
            assert post[term] == n
            doc = 0
            for i in range(0, len(flat), 2):
                doc += flat[i]
                postings.setdefault(term, {}).setdefault(doc, {})[FIELDS[flat[i + 1] & 7]] = flat[i + 1] >> 3
    expected = {}
    for doc, fields in enumerate(ref.terms):
        for name, counts in fields.items():
            for term, count in counts.items():
                expected.setdefault(term, {}).setdefault(doc, {})[name] = min(count, shards.MAX_COUNT)
    assert postings == expected


def test_files_are_small() -> None:
    # a bigger catalog than the fixture's: the index is cut into files of a few KB
    records = [Record(f"brands/b{i}/", f"品牌{i}号", (f"pinpai{i}",), ("品牌",),
                             (f"第{i}个品牌的简介，关于乡村振兴与基层治理。", f"做法{i % 7}"), "")
               for i in range(3000)]
    files = shards.ShardedIndex.of(records).files()
    manifest = json.loads(files["manifest.json"])
    assert manifest["dict"] > 1 and manifest["post"] > 10
    for rel, data in files.items():
        if rel.startswith("dict/"):
            assert len(data) <= 2 * shards.DICT_BYTES, rel
        if rel.startswith("post/") and len(json.loads(data)) > 1:
            # beyond the target only by the postings of the one term that did not fit
            biggest = max(len(shards.dump(v)) for v in json.loads(data).values())
            assert len(data) <= 2 * shards.POST_BYTES + biggest, rel
    assert len(files["manifest.json"]) < 500


def test_internal_entities_are_in_no_file_of_the_index(built: tuple[Path, Path]) -> None:
    _, site = built
    for path in [*(site / "search").rglob("*.json"), site / "assets" / "javascripts" / "workers" / "dangjian-search.js"]:
        text = path.read_text(encoding="utf-8")
        for needle in ("绝密哨卡", "nc-secret-01", "juemishaoka", "jmsk"):
            assert needle not in text, (path, needle)


def _queries(records: list, seed: int = 7, count: int = 60) -> list[str]:
    rng = random.Random(seed)
    out = ["航校", "民主联军", "beidahuang", "bdh", "hphf", "白鱼湾镇", "乡村", "的", "b", "红色 密山", "xk"]
    texts = [t for r in records for t in (r.title, *r.texts, *r.names)]
    while len(out) < count:
        text = rng.choice(texts).replace(" ", "")
        if not text:
            continue
        start = rng.randrange(len(text))
        out.append(text[start:start + rng.randint(1, 6)])
    return out


def test_the_workers_ranking_equals_a_brute_force_ranking(built: tuple[Path, Path], reference) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the search worker's tests")
    _, site = built
    records, ref = reference
    queries = _queries(records)
    done = subprocess.run([node, str(Path(__file__).parent / "js" / "search_stdin.mjs")],
                          input=json.dumps({"site": str(site), "queries": queries, "local": None}),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    for got in json.loads(done.stdout):
        want = rank(got["query"], ref)
        assert [r for r, _ in got["ranked"]] == [r for r, _ in want], got["query"]
        for (_, a), (_, b) in zip(got["ranked"], want, strict=True):
            assert a == pytest.approx(b, rel=1e-9), got["query"]
        assert got["pages"] == [records[r].location for r, _ in want[:10]], got["query"]
        for title in got["titles"]:
            assert "<" not in title.replace("<mark>", "").replace("</mark>", "")


def test_the_preview_memo_makes_the_same_index_as_a_fresh_one_after_an_edit(tmp_path: Path) -> None:
    from dangjian.render.pages import SECTION_TITLES
    from dangjian.search.build import IndexMemo, write_site_index
    from tests.project import catalog_of

    project = search_project(tmp_path / "p")
    memo = IndexMemo()
    write_site_index(catalog_of(project), SECTION_TITLES, tmp_path / "first", memo)
    brand = sorted((project / "data" / "brands").rglob("*.yml"))[0]
    text = brand.read_text(encoding="utf-8")
    brand.write_text(text.replace("summary: ", "summary: 湖畔晨光里的新说法，", 1), encoding="utf-8")
    assert brand.read_text(encoding="utf-8") != text
    catalog = catalog_of(project)  # the loader keeps the models of the files that did not change
    kept = write_site_index(catalog, SECTION_TITLES, tmp_path / "kept", memo)
    fresh = write_site_index(catalog, SECTION_TITLES, tmp_path / "fresh")
    assert kept == fresh

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(tmp_path / "kept") == files(tmp_path / "fresh")
    assert files(tmp_path / "kept") != files(tmp_path / "first")  # the edit is in it
    assert "湖畔晨光里的新说法" in b"".join(files(tmp_path / "kept").values()).decode("utf-8")
