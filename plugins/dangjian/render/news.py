"""What the dangjian plugins add to the news posts (工作动态) that Material's blog publishes.

- each post page ends with its pictures (`images:`, made and shown as an entity's are, by
  dangjian.render.images and _photos.html) and links to the entities its front matter names
  (`related:`), and a sample post (`sample: true`) opens with the note that it is one;
- each entity page lists its most recent posts (the entity templates carry NEWS_MARKER,
  in the `sources` macro of _macros.html, which the content plugin replaces);
- the Atom feed (dangjian.render.feed) is made from the same posts.

The posts' addresses are the blog plugin's own: they are read from MkDocs' files once the
blog has placed them (on_env), never worked out again here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url
from pydantic import BaseModel

from dangjian.catalog import Catalog, Entry
from dangjian.government import Government
from dangjian.load.posts import BlogLayout, Post, blog_layout, read_posts
from dangjian.render.environment import render
from dangjian.render.feed import FEED_NAME, atom_feed
from dangjian.render.images import SITE_FOLDER, ImageProcessingError, SitePhotos
from dangjian.render.pages import SECTION_TITLES, depth_prefix
from dangjian.settings import Settings

NEWS_MARKER = "<!-- dangjian:news -->"
RECENT = 5  # posts listed on an entity page


def chinese_date(post: Post) -> str:
    d = post.date
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class NewsIndex:
    """The published posts of one build, by entity, with the addresses the blog gave them."""

    catalog: Catalog
    layout: BlogLayout
    posts: list[Post]
    urls: dict[str, str] = field(default_factory=dict)  # post src -> its page URL
    by_entity: dict[str, list[Post]] = field(default_factory=dict)
    photos: SitePhotos = field(default_factory=SitePhotos)  # by post src

    @classmethod
    def build(cls, catalog: Catalog, settings: Settings) -> NewsIndex | None:
        """None when the project has no blog (mkdocs.yml lists no blog plugin)."""
        layout = blog_layout(settings.root)
        if layout is None:
            return None
        posts, _ = read_posts(settings)  # their problems stopped the catalog load already
        by_entity: dict[str, list[Post]] = defaultdict(list)
        photos = SitePhotos()
        for post in posts:
            for ref in dict.fromkeys(post.related):
                by_entity[ref].append(post)
            try:
                photos.add(settings, post.src, post.rel, post.images)
            except ImageProcessingError as err:
                raise PluginError(str(err)) from None
        return cls(catalog, layout, posts, by_entity=dict(by_entity), photos=photos)

    def resolve(self, files: Files) -> None:
        """The address of each post that the build publishes (drafts have none), and the
        pictures of those posts added to the files (once the blog has put the posts back: a
        file is made like the post's own, at the path the entities' pictures have)."""
        self.urls = {}
        for post in self.posts:
            file = files.get_file_from_path(post.src)
            if file is not None and file.inclusion.is_included():
                self.urls[post.src] = file.url
                self._add_pictures(files, post, file)

    def _add_pictures(self, files: Files, post: Post, page: File) -> None:
        for photo in self.photos.by_entry.get(post.src, ()):
            for variant in photo.variants:
                for name in (variant.webp, variant.jpeg):
                    src_uri = SITE_FOLDER + name
                    if files.get_file_from_path(src_uri) is not None:
                        continue  # an entity's picture too, or another post's: one file of one content
                    picture = File(src_uri, src_dir=None, dest_dir=page.dest_dir,
                                   use_directory_urls=page.use_directory_urls)
                    picture.generated_by = "dangjian/content"
                    picture.abs_src_path = str(self.photos.files[src_uri])
                    picture.edit_uri = self.photos.sources[src_uri]  # the guard names it in a finding
                    files.append(picture)

    def published(self) -> list[tuple[Post, str]]:
        """Every published post and its page URL, newest first."""
        return [(p, self.urls[p.src]) for p in self.posts if p.src in self.urls]

    @property
    def index_url(self) -> str:
        return self.layout.blog_dir.strip("/") + "/"

    # entity pages -------------------------------------------------------------------------
    def fill_entity(self, html: str, src_uri: str, page_url: str) -> str:
        """An entity page's body with its recent posts where the marker is."""
        if NEWS_MARKER not in html:
            return html
        entity_id = src_uri.rpartition("/")[2].removesuffix(".md")
        posts = [(p, self.urls[p.src]) for p in self.by_entity.get(entity_id, []) if p.src in self.urls]
        block = ""
        if posts:
            block = render(
                "news_list.html",
                items=[{"title": p.title, "date": chinese_date(p), "iso": p.date.date().isoformat(),
                        "href": get_relative_url(url, page_url)} for p, url in posts[:RECENT]],
                more=len(posts) > RECENT,
                index_href=get_relative_url(self.index_url, page_url),
            )
        return html.replace(NEWS_MARKER, block)

    # post pages ---------------------------------------------------------------------------
    def post_for(self, src_uri: str) -> Post | None:
        return next((p for p in self.posts if p.src == src_uri), None)

    def fill_post(self, html: str, post: Post, page_url: str) -> str:
        """A post's body: the sample note first, the entities it names last."""
        related: list[dict[str, str]] = []
        for ref in dict.fromkeys(post.related):
            entry: Entry[BaseModel] | None = self.catalog.get(ref)
            if entry is not None and entry.public:  # the source checks refused any other
                related.append({"name": entry.name, "kind": SECTION_TITLES[entry.kind],
                                "href": get_relative_url(entry.url, page_url)})
        head = render("news_sample.html") if post.sample else ""
        photos = self.photos.by_entry.get(post.src, ())
        pictures = render("news_photos.html", photos=photos, base=depth_prefix(page_url)) if photos else ""
        tail = render("news_related.html", related=related) if related else ""
        return head + html + pictures + tail


def write_feed(index: NewsIndex, site_dir: Path, config: MkDocsConfig, details: Government) -> Path | None:
    """<blog_dir>/feed.xml in the built site; none without a site_url (a feed needs absolute
    addresses). Without a published post it is an empty feed: the news page links to it, and a
    reader subscribed before the last post was withdrawn keeps a valid feed."""
    posts = index.published()
    if not config.site_url:
        return None
    text = atom_feed(posts, site_url=config.site_url, index_url=index.index_url,
                     title=f"{config.site_name} · 工作动态", author=details.organizer or config.site_name)
    path = site_dir / index.index_url / FEED_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
