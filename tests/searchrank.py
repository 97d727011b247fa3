"""A brute-force reference of the search worker's ranking (assets/.../search/core.js), in Python.

It reads no shard: it ranks the records themselves (their terms as dangjian.search.terms
makes them) over the whole dictionary, the way core.js says it ranks. The tests compare the
worker's answers over the sharded files with these, and the files a query fetched with the
ones `needed_files` names.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from dangjian.search.records import Record
from dangjian.search.shards import dict_file, dict_key, fnv1a
from dangjian.search.terms import BOOSTS, FIELDS, record_terms

HAN = re.compile(r"[\u3007\u3400-\u9fff]+")
OTHER = re.compile(r"[^0-9a-z\u00c0-\u024f]+")
LONGEST = 16
MAX_EXPAND = 32
K1 = 1.2


@dataclass
class Reference:
    terms: list[dict[str, Counter[str]]]  # each record's terms by field
    df: Counter[str]

    @classmethod
    def of(cls, records: list[Record]) -> Reference:
        terms = [record_terms(r) for r in records]
        df: Counter[str] = Counter()
        for fields in terms:
            df.update({t for counts in fields.values() for t in counts})
        return cls(terms, df)


def parse(query: str) -> list[tuple[str, str]]:
    """("han", run) and ("word", word) parts, in order."""
    parts: list[tuple[str, str]] = []
    for word in re.split(r"\s+", query.lower()):
        last = 0
        for m in HAN.finditer(word):
            parts += [("word", w) for w in OTHER.split(word[last:m.start()]) if w]
            parts.append(("han", m.group()))
            last = m.end()
        parts += [("word", w) for w in OTHER.split(word[last:]) if w]
    return parts


def cut_run(run: str, terms: set[str], sorted_terms: list[str]) -> list[str]:
    import bisect

    def has_prefix(p: str) -> bool:
        i = bisect.bisect_left(sorted_terms, p)
        return i < len(sorted_terms) and sorted_terms[i].startswith(p)

    best: list[tuple[float, list[str]] | None] = [(0.0, [])]
    for i in range(1, len(run) + 1):
        best.append(None)
        for j in range(max(0, i - LONGEST), i):
            if best[j] is None:
                continue
            piece = run[j:i]
            if len(piece) > 1 and piece in terms:
                cost = 1.0
            elif len(piece) > 1 and has_prefix(piece):
                cost = 1.5
            elif len(piece) == 1:
                cost = 2.0 if piece in terms else 3.0
            else:
                continue
            total = best[j][0] + cost  # type: ignore[index]
            if best[i] is None or total < best[i][0]:  # type: ignore[index]
                best[i] = (total, [*best[j][1], piece])  # type: ignore[index]
    return best[len(run)][1]  # type: ignore[index]


def clauses(query: str, ref: Reference) -> list[str]:
    terms = set(ref.df)
    sorted_terms = sorted(terms)
    out: list[str] = []
    for kind, text in parse(query):
        if kind == "word":
            out.append(text)
            continue
        pieces = cut_run(text, terms, sorted_terms)
        words = [p for p in pieces if len(p) > 1]
        out.extend(words or pieces)
    return list(dict.fromkeys(out))


def expand(prefix: str, ref: Reference) -> list[str]:
    found = [t for t in ref.df if t.startswith(prefix)]
    found.sort(key=lambda t: (len(t), -ref.df[t], t))
    return found[:MAX_EXPAND]


def rank(query: str, ref: Reference) -> list[tuple[int, float]]:
    """(record number, score) of every matching record, best first."""
    pieces = clauses(query, ref)
    if not pieces:
        return []
    expanded = [expand(p, ref) for p in pieces]
    weight: dict[str, int] = {}
    for terms in expanded:
        for t in terms:
            weight[t] = weight.get(t, 0) + 1
    total = len(ref.terms)
    out: list[tuple[int, float]] = []
    for doc, fields in enumerate(ref.terms):
        score = 0.0
        seen: set[str] = set()
        for t in weight:
            df = ref.df[t]
            idf = math.log(1 + abs((total - df + 0.5) / (df + 0.5)))
            for name in FIELDS:
                tf = min(fields.get(name, Counter()).get(t, 0), 31)
                if tf:
                    score += weight[t] * idf * ((K1 + 1) * tf / (K1 + tf)) * BOOSTS[name]
                    seen.add(t)
        if not seen:
            continue
        share = sum(1 for terms in expanded if any(t in seen for t in terms)) / len(pieces)
        out.append((doc, score * (1 + (1 + share) ** 2)))
    out.sort(key=lambda r: (-r[1], r[0]))
    return out


def needed_files(query: str, ref: Reference, manifest: dict, post: dict[str, int],
                 limit: int = 30) -> set[str]:
    """The index files the worker must fetch for query's list of results (and no more);
    post: each term's postings file (as the dictionary says)."""
    split = manifest["split"]
    files: set[str] = set()

    def prefix_files(p: str) -> set[int]:
        key = dict_key(p)
        if key not in split:
            return {fnv1a(key) % manifest["dict"]}
        while len(p) > len(key):
            sub = p[: len(key) + 1]
            if sub in split:
                key = sub
                continue
            return {split[key][0] + fnv1a(sub) % split[key][1]}
        return {split[q][0] + i for q in split if q.startswith(key) for i in range(split[q][1])}

    parts = parse(query)
    dict_files: set[int] = set()
    for kind, text in parts:
        if kind == "word":
            dict_files |= prefix_files(text)
            if len(text) == 1 and text.isascii():
                for c in "0123456789abcdefghijklmnopqrstuvwxyz":
                    dict_files |= prefix_files(text + c)
            continue
        for j in range(len(text)):
            dict_files.add(dict_file(text[j], manifest["dict"], split))
            if j + 1 < len(text):
                dict_files |= prefix_files(text[j:j + 2])
    pieces = clauses(query, ref)
    for p in pieces:
        if len(p) == 1 and p in split:
            dict_files |= prefix_files(p)
    files |= {f"dict/{n}.json" for n in dict_files}
    terms = {t for p in pieces for t in expand(p, ref)}
    files |= {f"post/{post[t]}.json" for t in terms}
    files |= {f"docs/{doc}.json" for doc, _ in rank(query, ref)[:limit]}
    return files


def project_reference(project: Path) -> tuple[list[Record], Reference]:
    """The records of a project's generated pages and their terms, as its build makes them:
    in a fresh process, whose jieba holds only that catalog's words (as the build's does)."""
    done = subprocess.run([sys.executable, "-m", "tests.searchrank", str(project)], capture_output=True,
                          text=True, timeout=300, check=True, cwd=Path(__file__).resolve().parent.parent)
    data = json.loads(done.stdout)
    records = [Record(**{k: tuple(v) if isinstance(v, list) else v for k, v in r.items()})
               for r in data["records"]]
    terms = [{name: Counter(counts) for name, counts in fields.items()} for fields in data["terms"]]
    df: Counter[str] = Counter()
    for fields in terms:
        df.update({t for counts in fields.values() for t in counts})
    return records, Reference(terms, df)


def _dump(project: Path) -> str:
    from dangjian.load import load_catalog
    from dangjian.render.pages import SECTION_TITLES
    from dangjian.search.build import load_user_dictionary
    from dangjian.search.records import catalog_records
    from dangjian.settings import load_settings

    catalog = load_catalog(load_settings(project)).catalog
    assert catalog is not None
    load_user_dictionary(catalog)
    records = catalog_records(catalog, SECTION_TITLES)
    return json.dumps({"records": [asdict(r) for r in records],
                       "terms": [{k: dict(v) for k, v in record_terms(r).items()} for r in records]},
                      ensure_ascii=False)


if __name__ == "__main__":
    sys.stdout.write(_dump(Path(sys.argv[1])))
