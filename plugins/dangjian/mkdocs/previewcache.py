"""The preview's page cache: in `mkdocs serve`, a generated page whose inputs did not change is
written from its last build, not made again.

`mkdocs serve` rebuilds the whole site after every change, into a site folder it empties
first, with the configuration read again. What lives from one rebuild to the next is the
plugin objects that have an `on_startup` handler: MkDocs keeps them for the whole session.
The content plugin makes one `PreviewCache` in `on_startup(command="serve")` and drops it at
`on_shutdown`; `mkdocs build` (and `serve --clean`, which runs as a build) never makes one,
so the published build is always a clean full build.

A page's key is made of
- the shell every page shares: mkdocs.yml, every file under docs/ (the hand-written pages,
  the news posts, the theme overrides) and the theme's own folders outside the installed
  packages (path, modification time, size), the versions of MkDocs, Material and this
  package with the package's templates and assets, the resolved site_url, repository and
  edit options and every plugin's options, the navigation (titles and addresses) and the
  folder depths of the site's pages (the pages' script policy is hashed per depth);
- what the page shows of the catalog, as render/pages.py names it (`entity_inputs`,
  `brand_list_inputs`): its entity and the other entities it names, by a digest of each
  entity's source path and model, and plain values (a town's brand count, pictures, the
  day the file last changed).

In `on_nav`, once the blog has placed the posts, each generated page whose key equals that
of the HTML stored for its address is taken out of the documentation pages and put back as a
static file at the same address (`File.generated` with the stored file as its source): no
Markdown, no template and no page event runs for it, and its edit_uri stays the entity's
file (the guard names findings by it). A page that a hand-written page links to by its .md
path stays a page, so that MkDocs turns the link into its address as in the published build.
Every page rendered is stored in `on_post_page` after every other plugin's handler, exactly
as it is written, in a folder of its own (the site folder is emptied by every rebuild).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date
from pydantic import BaseModel

from dangjian.catalog import Entry
from dangjian.load.doclinks import linked_sources
from dangjian.mkdocs.generated import GeneratedSite

_PACKAGES = ("mkdocs", "mkdocs-material", "dangjian")


@dataclass(frozen=True)
class _Stored:
    """A stored page: the key of its inputs and the addresses its page had."""

    key: str
    canonical_url: str | None
    abs_url: str | None


class PreviewCache:
    """The HTML of the generated pages last written in this `mkdocs serve`, by address and key."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="dangjian-preview-"))
        self._stored: dict[str, _Stored] = {}  # by dest_uri: the HTML stored for it
        self._pending: dict[str, str] = {}  # dest_uri -> key of the page rendered in this build
        # entity digests by model object: the loader hands back the same model while its file
        # is unchanged, so an unchanged entity is never dumped again
        self._digests: dict[tuple[int, str, str], tuple[BaseModel, str]] = {}
        self._order: list[File] = []  # this build's files, the reused ones among them
        self._reused: dict[str, _Stored] = {}  # this build's, by dest_uri

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._stored = {}
        self._pending = {}

    def reuse(self, site: GeneratedSite, files: Files, nav: Navigation, config: MkDocsConfig) -> None:
        """Replace each generated page whose inputs are those of its stored HTML by that HTML."""
        self._pending = {}
        self._reused = {}
        site.reused = {}
        shell = _shell_key(config, files, nav)
        linked = linked_sources(Path(config.docs_dir))
        seen: set[str] = set()
        replaced: dict[str, File] = {}
        digests: dict[tuple[int, str, str], tuple[BaseModel, str]] = {}
        for src, inputs in site.cacheable().items():
            file = files.get_file_from_path(src)
            if file is None or not file.is_documentation_page():
                continue
            entries, values = inputs()
            key = _hash([shell, src, *(self._digest(e, digests) for e in entries), repr(values)])
            dest = file.dest_uri
            seen.add(dest)
            stored = self._stored.get(dest)
            if stored is None or stored.key != key or src in linked:
                self._pending[dest] = key
                continue
            static = File.generated(config, dest, abs_src_path=str(self.folder / dest),
                                    inclusion=file.inclusion)
            static.edit_uri = file.edit_uri
            replaced[src] = static
            self._reused[dest] = stored
            site.reused[src] = dest
        self._digests = digests
        self._stored = {dest: stored for dest, stored in self._stored.items() if dest in seen}
        # in place and in the same order: what goes through the files in order (the sitemap)
        # sees them as a full build has them
        self._order = [replaced.get(f.src_uri, f) for f in files]
        if replaced:
            for f in list(files):
                files.remove(f)
            for f in self._order:
                files.append(f)

    def record(self, page: Page, output: str) -> None:
        """Store a rendered page's final HTML (as MkDocs writes it) under its key."""
        dest_uri = page.file.dest_uri
        key = self._pending.pop(dest_uri, None)
        if key is None:
            return
        self._stored.pop(dest_uri, None)  # a half-written file is never taken for the page
        if not output.strip():
            return  # MkDocs writes no file for an empty page
        path = self.folder / dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))
        self._stored[dest_uri] = _Stored(key, page.canonical_url, page.abs_url)

    def sitemap_pages(self, pages: Sequence[File]) -> list[object]:
        """The sitemap's pages with the reused ones where a full build lists them.

        MkDocs' sitemap.xml lists the documentation pages; a reused page is a static file of
        this build, so it is listed from what its page had (its addresses), dated as MkDocs
        dates every page (the build's day)."""
        if not self._reused:
            return list(pages)
        listed = {id(f) for f in pages}
        day = get_build_date()
        out: list[object] = []
        for f in self._order:
            if id(f) in listed:
                out.append(f)
            elif (stored := self._reused.get(f.dest_uri)) is not None and f.inclusion.is_included():
                out.append(SimpleNamespace(page=SimpleNamespace(
                    is_link=False, canonical_url=stored.canonical_url, abs_url=stored.abs_url,
                    update_date=day)))
        return out

    def build_failed(self) -> None:
        self._pending = {}

    def _digest(self, entry: Entry[BaseModel],
                into: dict[tuple[int, str, str], tuple[BaseModel, str]]) -> str:
        ident = (id(entry.model), entry.kind, entry.rel)
        known = into.get(ident) or self._digests.get(ident)
        if known is None or known[0] is not entry.model:
            text = f"{entry.kind}\0{entry.rel}\0{entry.model.model_dump_json()}"
            known = (entry.model, hashlib.blake2b(text.encode(), digest_size=16).hexdigest())
        into[ident] = known
        return known[1]


def _hash(parts: Iterable[str]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _shell_key(config: MkDocsConfig, files: Files, nav: Navigation) -> str:
    """What every generated page shares with all others (see the module's docstring)."""
    parts: list[str] = []
    config_file = config.config_file_path
    if config_file:
        parts.append(Path(config_file).read_bytes().hex())
    for name in _PACKAGES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} -")
    package = Path(str(resources.files("dangjian")))
    folders = [Path(config.docs_dir), package / "templates", package / "assets"]
    folders += [Path(d) for d in config.theme.dirs if not _installed(Path(d))]
    for folder in folders:
        parts.extend(_stamps(folder))
    parts.append(repr((config.site_url, config.repo_url, config.edit_uri, config.use_directory_urls,
                       config.site_name, config.docs_dir)))
    parts.extend(f"{name} {sorted(dict(plugin.config).items())!r}"
                 for name, plugin in config.plugins.items())
    parts.extend(_nav_lines(nav.items))
    parts.append(repr(sorted({f.dest_uri.count("/") for f in files if f.dest_uri.endswith(".html")})))
    return _hash(parts)


def _installed(folder: Path) -> bool:
    """A folder of an installed package: its version stands for its files."""
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix)}
    resolved = folder.resolve()
    return any(resolved.is_relative_to(p) for p in prefixes) and "site-packages" in resolved.parts


def _stamps(folder: Path) -> Iterator[str]:
    """Path, modification time and size of every file under folder, in a stable order."""
    if not folder.is_dir():
        yield f"{folder} -"
        return
    stack = [str(folder)]
    found: list[str] = []
    while stack:
        with os.scandir(stack.pop()) as entries:
            for item in entries:
                if item.is_dir(follow_symlinks=False):
                    if item.name != "__pycache__":
                        stack.append(item.path)
                else:
                    stat = item.stat()
                    found.append(f"{item.path} {stat.st_mtime_ns} {stat.st_size}")
    yield from sorted(found)


def _nav_lines(items: Iterable[object], depth: int = 0) -> Iterator[str]:
    for item in items:
        yield f"{depth} {type(item).__name__} {getattr(item, 'title', '')} {getattr(item, 'url', '')}"
        yield from _nav_lines(getattr(item, "children", None) or (), depth + 1)
