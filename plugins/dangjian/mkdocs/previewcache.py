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
of the page stored for its address is taken out of the documentation pages and put back as a
static file at the same address (`File.generated` whose source is its own place in the site
folder): no Markdown, no template and no page event runs for it, and MkDocs, finding source
and destination the same file, leaves it where it is. Its edit_uri stays the entity's file
(the guard names findings by it). A page that a hand-written page links to by its .md path
stays a page, so that MkDocs turns the link into its address as in the published build.

The stored copy of a page is the file the last rebuild wrote into the site folder. Before
MkDocs empties that folder (`on_pre_build`), each top-level folder that holds stored pages
is moved into the cache's own folder by one rename; in `on_nav` every file in it that this
build does not reuse is deleted (a removed brand, a page made again, a picture, anything
another plugin wrote) and the folder is moved back. What is left is then exactly the reused
pages, and the build writes everything else as a clean build does. A page rendered in this
build becomes stored only once the build is done, and only if its file is still the bytes
MkDocs wrote: its size and times are taken before any other post-build handler and again
after all of them, so that a page the guard withdrew in the preview (replaced in place by the
list of its findings) or removed is made again, never reused; the same holds for the pages
reused in this build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Container, Iterable, Iterator, Sequence
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


@dataclass(frozen=True)
class _Written:
    """A page rendered in this build: stored once the build shows it kept its bytes."""

    stored: _Stored
    size: int


_Stamp = tuple[int, int, int, int]


def _stamp(path: Path) -> _Stamp | None:
    """What changes when a file is written again or replaced: size, times and inode."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class PreviewCache:
    """The generated pages last written in this `mkdocs serve`, by address and key."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="dangjian-preview-"))
        self._held_root = self.folder / "held"  # the site's folders moved aside during a rebuild
        self._aside = self.folder / "written"
        self._site_dir: Path | None = None  # where the stored pages are
        self._held: set[str] = set()  # top-level folders of the site now under _held_root
        self._restoring = False
        self._stored: dict[str, _Stored] = {}  # by dest_uri: the page in the site folder
        self._pending: dict[str, str] = {}  # dest_uri -> key of the page rendered in this build
        self._written: dict[str, _Written] = {}  # by dest_uri: rendered and written this build
        self._stamps: dict[str, _Stamp] = {}  # by dest_uri: as MkDocs left it
        # entity digests by model object: the loader hands back the same model while its file
        # is unchanged, so an unchanged entity is never dumped again
        self._digests: dict[tuple[int, str, str], tuple[BaseModel, str]] = {}
        self._order: list[File] = []  # this build's files, the reused ones among them
        self._reused: dict[str, _Stored] = {}  # this build's, by dest_uri

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._forget()

    def hold(self, site_dir: Path) -> None:
        """Before MkDocs empties the site folder: move the folders of the stored pages aside.

        One rename per folder, so that emptying the site folder has little left to delete
        and the stored pages need not be copied back. A folder that cannot be renamed (the
        cache's folder is on another file system) is emptied by MkDocs; its pages are made
        again."""
        if self._site_dir != site_dir:
            self._forget()  # the stored pages are in another site folder
            self._site_dir = site_dir
        # MkDocs leaves hidden entries of the site folder alone: they are never held
        tops = {dest.split("/", 1)[0] for dest in self._stored
                if "/" in dest and not dest.startswith(".")}
        # a folder still held (a rebuild that reused nothing, as one of broken data) stays:
        # what the site folder has there now is not what is stored
        for top in sorted(tops - self._held):
            source = site_dir / top
            if not source.is_dir() or source.is_symlink():
                continue
            try:
                self._held_root.mkdir(exist_ok=True)
                os.rename(source, self._held_root / top)
            except OSError:
                continue
            self._held.add(top)

    def reuse(self, site: GeneratedSite, files: Files, nav: Navigation, config: MkDocsConfig) -> None:
        """Replace each generated page whose inputs are those of its stored HTML by that HTML."""
        self._pending = {}
        self._written = {}
        self._stamps = {}
        self._reused = {}
        site.reused = {}
        site_dir = Path(config.site_dir)
        if self._site_dir != site_dir:
            self._forget()
            self._site_dir = site_dir
        shell = _shell_key(config, files, nav)
        linked = linked_sources(Path(config.docs_dir))
        replaced: dict[str, File] = {}
        digests: dict[tuple[int, str, str], tuple[BaseModel, str]] = {}
        for src, inputs in site.cacheable().items():
            file = files.get_file_from_path(src)
            if file is None or not file.is_documentation_page():
                continue
            entries, values = inputs()
            key = _hash([shell, src, *(self._digest(e, digests) for e in entries), repr(values)])
            dest = file.dest_uri
            stored = self._stored.get(dest)
            if stored is None or stored.key != key or src in linked or not self._is_held(dest):
                self._pending[dest] = key
                continue
            static = File.generated(config, dest, abs_src_path=str(site_dir / dest),
                                    inclusion=file.inclusion)
            static.edit_uri = file.edit_uri
            replaced[src] = static
            self._reused[dest] = stored
            site.reused[src] = dest
        self._digests = digests
        # the reused pages are the only ones left stored: every other is deleted here and,
        # if this build makes it, stored again once written
        self._stored = dict(self._reused)
        self._restore(site_dir)
        # in place and in the same order: what goes through the files in order (the sitemap)
        # sees them as a full build has them
        self._order = [replaced.get(f.src_uri, f) for f in files]
        if replaced:
            for f in list(files):
                files.remove(f)
            for f in self._order:
                files.append(f)

    def record(self, page: Page, output: str) -> None:
        """Note a rendered page's final HTML (as MkDocs writes it right after) under its key."""
        dest_uri = page.file.dest_uri
        key = self._pending.pop(dest_uri, None)
        if key is None:
            return
        self._stored.pop(dest_uri, None)
        if not output.strip():
            return  # MkDocs writes no file for an empty page
        size = len(output.encode("utf-8", errors="xmlcharrefreplace"))
        self._written[dest_uri] = _Written(_Stored(key, page.canonical_url, page.abs_url), size)

    def pages_written(self, site_dir: Path) -> None:
        """Before any post-build handler: each page as MkDocs wrote it."""
        self._stamps = {}
        for dest in self._stored:
            if (stamp := _stamp(site_dir / dest)) is not None:
                self._stamps[dest] = stamp
        for dest, written in self._written.items():
            stamp = _stamp(site_dir / dest)
            if stamp is not None and stamp[0] == written.size:
                self._stamps[dest] = stamp

    def build_done(self, site_dir: Path) -> None:
        """After every post-build handler: a page is stored only if it is still as written."""
        self._stored = {dest: stored for dest, stored in self._stored.items()
                        if self._unchanged(site_dir, dest)}
        self._stored.update((dest, written.stored) for dest, written in self._written.items()
                            if self._unchanged(site_dir, dest))
        self._written = {}
        self._stamps = {}

    def build_failed(self) -> None:
        if self._restoring or self._site_dir is None:
            self._forget()  # the site folder and the held folders are in no known state
        elif self._stamps:
            # past the pages' writing: a post-build handler may have changed some of them
            site_dir = self._site_dir
            self._stored = {dest: stored for dest, stored in self._stored.items()
                            if self._unchanged(site_dir, dest)}
        self._pending = {}
        self._written = {}
        self._stamps = {}

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

    def _is_held(self, dest: str) -> bool:
        top = dest.split("/", 1)[0]
        return top in self._held and "/" in dest and (self._held_root / dest).is_file()

    def _unchanged(self, site_dir: Path, dest: str) -> bool:
        stamp = self._stamps.get(dest)
        return stamp is not None and _stamp(site_dir / dest) == stamp

    def _restore(self, site_dir: Path) -> None:
        """Put the held folders back into the site folder with only the reused pages in them."""
        self._restoring = True
        for top in sorted(self._held):
            held = self._held_root / top
            if not any(dest.startswith(top + "/") for dest in self._reused):
                shutil.rmtree(held)
            else:
                _prune(held, top, self._reused.keys())
                target = site_dir / top
                if target.exists() or target.is_symlink():
                    # written since MkDocs emptied the folder: what this build wrote wins
                    aside = self._aside
                    os.rename(target, aside)
                    os.rename(held, target)
                    _move_into(aside, target)
                else:
                    os.rename(held, target)
            self._held.discard(top)
        self._restoring = False

    def _forget(self) -> None:
        """Nothing stored: the held folders are deleted, every page is made again."""
        shutil.rmtree(self._held_root, ignore_errors=True)
        shutil.rmtree(self._aside, ignore_errors=True)
        self._held = set()
        self._restoring = False
        self._stored = {}
        self._pending = {}
        self._written = {}
        self._stamps = {}

    def _digest(self, entry: Entry[BaseModel],
                into: dict[tuple[int, str, str], tuple[BaseModel, str]]) -> str:
        ident = (id(entry.model), entry.kind, entry.rel)
        known = into.get(ident) or self._digests.get(ident)
        if known is None or known[0] is not entry.model:
            text = f"{entry.kind}\0{entry.rel}\0{entry.model.model_dump_json()}"
            known = (entry.model, hashlib.blake2b(text.encode(), digest_size=16).hexdigest())
        into[ident] = known
        return known[1]


def _prune(folder: Path, prefix: str, keep: Container[str]) -> bool:
    """Delete every file under folder (the site's prefix/) whose address is not in keep, and
    every folder left empty; whether folder itself is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for item in entries:
            rel = f"{prefix}/{item.name}"
            if item.is_dir(follow_symlinks=False):
                if _prune(Path(item.path), rel, keep):
                    os.rmdir(item.path)
                else:
                    empty = False
            elif rel in keep:
                empty = False
            else:
                os.unlink(item.path)
    return empty


def _move_into(source: Path, target: Path) -> None:
    """Move everything under source into target, replacing what target has at the same place."""
    with os.scandir(source) as entries:
        for item in entries:
            there = target / item.name
            if item.is_dir(follow_symlinks=False) and there.is_dir() and not there.is_symlink():
                _move_into(Path(item.path), there)
                continue
            if there.is_dir() and not there.is_symlink():
                shutil.rmtree(there)
            os.replace(item.path, there)
    os.rmdir(source)


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
    for name, plugin in config.plugins.items():
        hook = getattr(plugin, "__file__", None)
        if hook is not None:  # a hook of mkdocs.yml's `hooks:` is a module, its code a file
            parts.extend(_stamps(Path(hook)))
        else:
            parts.append(f"{name} {sorted(dict(plugin.config).items())!r}")
    parts.extend(_nav_lines(nav.items))
    parts.append(repr(sorted({f.dest_uri.count("/") for f in files if f.dest_uri.endswith(".html")})))
    return _hash(parts)


def _installed(folder: Path) -> bool:
    """A folder of an installed package: its version stands for its files."""
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix)}
    resolved = folder.resolve()
    return any(resolved.is_relative_to(p) for p in prefixes) and "site-packages" in resolved.parts


def _stamps(folder: Path) -> Iterator[str]:
    """Path, modification time and size of every file under folder (or of the file folder),
    in a stable order."""
    if not folder.is_dir():
        stat = folder.stat() if folder.is_file() else None
        yield f"{folder} {stat.st_mtime_ns} {stat.st_size}" if stat else f"{folder} -"
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
