"""The news posts (工作动态) under docs/: their front matter, read and checked where it is written.

Material's blog plugin publishes the posts (the list, the archive by date, the categories,
pagination). This module reads the same files for what the dangjian plugins add to them:
links from a post to the entities it names (`related:`), the recent posts on each entity
page, and the Atom feed. A post is a Markdown file under the blog's posts folder
(docs/news/posts/ with `blog_dir: news`) whose front matter has at least:

    ---
    date: 2024-07-01
    title: 某村开展主题党日活动
    categories: [主题党日]
    related: [beidahuang-jinianguan]   # ids of public entities the post is about
    images:                             # optional: pictures under data/images/, as entities have
      - src: news/2024-07-01-zhutidangri.jpg
        alt: 党员在村部门前重温入党誓词
    ---

Mistakes are diagnostics at the line and column of the front matter (DJ160-DJ162; a post's
pictures are checked as an entity's are, DJ150-DJ154 from dangjian.load.images), found by
`dangjian check` and before any build, like every other source check. The text of a post
is checked like every docs page (guard/sourcecheck.py scans all of docs/).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from dangjian.catalog import Catalog
from dangjian.load.diagnostics import Diagnostic, display_path
from dangjian.load.images import image_problems, named_images
from dangjian.load.validate import validate
from dangjian.load.yamlsource import Parsed, parse
from dangjian.model.common import Image, Strict
from dangjian.settings import Settings, SettingsError, config_file, read_config

BLOG_PLUGINS = ("blog", "material/blog")
_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class BlogLayout:
    """Where the blog's pages are, relative to docs/ (the blog plugin's blog_dir and post_dir)."""

    blog_dir: str = "blog"
    post_dir: str = "blog/posts"


@dataclass(frozen=True)
class Post:
    """One post's front matter, as the dangjian plugins use it."""

    src: str  # its path under docs/, as MkDocs names it ("news/posts/x.md")
    rel: str  # as the editor sees it ("docs/news/posts/x.md")
    title: str
    date: dt.datetime
    updated: dt.datetime | None
    categories: tuple[str, ...]
    related: tuple[str, ...]
    description: str
    sample: bool
    summary: str  # the first paragraph, as plain text
    images: tuple[Image, ...] = ()


class PostImages(Strict):
    """The part of a post's front matter that the entity models share: its pictures."""

    images: list[Image] = Field(default_factory=list)


def blog_layout(root: Path) -> BlogLayout | None:
    """The blog's folders from mkdocs.yml, None when the blog plugin is not listed."""
    file = config_file(root)
    if file is None:
        return None
    try:
        config = read_config(file)
    except SettingsError:
        return None  # MkDocs and `dangjian check` report a broken configuration
    for name, options, _, _ in config.plugins():
        if name in BLOG_PLUGINS:
            opts = options if isinstance(options, dict) else {}
            if opts.get("enabled") is False:
                return None
            blog = posixpath.normpath(str(opts.get("blog_dir") or "blog"))
            posts = str(opts.get("post_dir") or "{blog}/posts").replace("{blog}", blog)
            return BlogLayout(blog, posixpath.normpath(posts))
    return None


def _date(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _first_paragraph(body: str) -> str:
    for block in re.split(r"\n\s*\n", body):
        text = block.strip()
        if not text or text.startswith(("#", "!!!", "???", "<", "|", "---", "```")):
            continue
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"[*_`]+", "", text)
        return " ".join(text.split())
    return ""


class _Reader:
    """Reads one post file and collects its problems."""

    def __init__(self, path: Path, src: str, rel: str) -> None:
        self.path, self.src, self.rel = path, src, rel
        self.problems: list[Diagnostic] = []
        self.parsed = Parsed()
        self.checked_images: tuple[Image, ...] | None = None  # None: not read, or not valid
        self.draft = False

    def where(self, path: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """A place in the file: the front matter starts on its second line."""
        line, col = self.parsed.where(path, key=key)
        return line + 1, col

    def problem(self, where: tuple[str | int, ...], code: str, message: str, *, key: bool = False,
                hint: str = "") -> None:
        line, col = self.where(where, key=key)
        self.problems.append(Diagnostic(self.rel, line, col, code, message, hint))

    def images(self, meta: dict[str, Any]) -> tuple[Image, ...] | None:
        """The post's pictures, validated by the model entities use; None when they are wrong
        (each problem is among self.problems, at its line)."""
        if "images" not in meta:
            return ()
        holder = Parsed({"images": meta["images"]}, self.parsed.value_pos, self.parsed.key_pos)
        model, problems = validate(holder, PostImages)
        for p in problems:
            self.problems.append(Diagnostic(self.rel, p.line + 1, p.col, p.code, p.message, p.hint))
        return tuple(model.images) if isinstance(model, PostImages) else None

    def read(self) -> Post | None:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None  # MkDocs reports a page it cannot read
        match = _FRONT.match(text)
        if match is None:
            self.problems.append(
                Diagnostic(self.rel, 1, 1, "DJ162", "动态文件开头缺少 --- 包围的属性（date、title 等）"))
            return None
        self.parsed = parse(match[1] or "")
        meta = self.parsed.value if isinstance(self.parsed.value, dict) else {}
        if self.parsed.problems:
            for p in self.parsed.problems:
                self.problems.append(Diagnostic(self.rel, p.line + 1, p.col, p.code, p.message, p.hint))
            return None
        if meta.get("draft") is True:
            self.draft = True
            return None  # the blog plugin leaves drafts out of the published site
        date_value = meta.get("date")
        created = _date(date_value.get("created") if isinstance(date_value, dict) else date_value)
        if created is None:
            self.problem(("date",), "DJ162", "动态缺少日期或日期格式不对：写成 date: 2024-07-01",
                         key="date" not in meta)
        updated = _date(date_value.get("updated")) if isinstance(date_value, dict) else None
        title = meta.get("title")
        if not isinstance(title, str) or not title.strip():
            self.problem(("title",), "DJ162", "动态缺少标题：写成 title: 标题文字", key="title" not in meta)
        related = meta.get("related", [])
        if isinstance(related, str):
            related = [related]
        if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
            self.problem(("related",), "DJ162",
                         "related 应写成编号的列表，如 related: [beidahuang-jinianguan]")
            related = []
        categories = meta.get("categories", [])
        if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
            self.problem(("categories",), "DJ162", "categories 应写成分类名的列表，如 categories: [主题党日]")
            categories = []
        images = self.images(meta)
        self.checked_images = images
        if created is None or not isinstance(title, str) or not title.strip():
            return None
        description = meta.get("description")
        return Post(
            src=self.src, rel=self.rel, title=title.strip(), date=created, updated=updated,
            categories=tuple(categories), related=tuple(related),
            description=description.strip() if isinstance(description, str) else "",
            sample=meta.get("sample") is True, summary=_first_paragraph(text[match.end():]),
            images=images or (),
        )


def post_files(settings: Settings, layout: BlogLayout) -> list[tuple[Path, str]]:
    """Every post file (path, its path under docs/) in a stable order."""
    docs = settings.docs_path
    folder = docs / layout.post_dir
    if not folder.is_dir():
        return []
    found = [p for p in folder.rglob("*") if p.suffix.lower() == ".md" and p.is_file()]
    return [(p, p.relative_to(docs).as_posix()) for p in sorted(found)]


def read_posts(settings: Settings) -> tuple[list[Post], list[Diagnostic]]:
    """The published posts, newest first, and the problems of their front matter."""
    layout = blog_layout(settings.root)
    if layout is None:
        return [], []
    posts: list[Post] = []
    problems: list[Diagnostic] = []
    for path, src in post_files(settings, layout):
        reader = _Reader(path, src, display_path(path, settings.root))
        post = reader.read()
        problems += reader.problems
        if post is not None:
            posts.append(post)
    posts.sort(key=lambda p: (p.date, p.src), reverse=True)
    return posts, problems


def check_posts(settings: Settings, catalog: Catalog | None) -> list[Diagnostic]:
    """Every problem of the posts' front matter; with a catalog, every `related:` id that names
    no entry (DJ160) or one that is not public (DJ161), and every picture `images:` names that
    is missing, no picture, over the budget or not described (DJ150-DJ154), at its line and
    column."""
    layout = blog_layout(settings.root)
    if layout is None:
        return []
    found: list[Diagnostic] = []
    for path, src in post_files(settings, layout):
        reader = _Reader(path, src, display_path(path, settings.root))
        post = reader.read()
        for i, ref in enumerate(post.related if post is not None and catalog is not None else ()):
            entry = catalog.get(ref)  # type: ignore[union-attr]
            if entry is None:
                reader.problem(("related", i), "DJ160", f"动态的 related 中的编号“{ref}”不存在")
            elif not entry.public:
                reader.problem(("related", i), "DJ161", f"动态的 related 中的“{ref}”不是公开条目")
        meta = reader.parsed.value
        raw = meta.get("images") if isinstance(meta, dict) and not reader.draft else None
        named = named_images(reader.checked_images, raw, reader.checked_images is not None)
        for line, col, code, message, hint in image_problems(settings, named, reader.where):
            reader.problems.append(Diagnostic(reader.rel, line, col, code, message, hint))
        found += reader.problems
    return found


__all__ = ["BlogLayout", "Post", "PostImages", "blog_layout", "check_posts", "post_files", "read_posts"]
