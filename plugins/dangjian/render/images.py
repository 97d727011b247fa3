"""Pictures for the site, made at build time from data/images/: never the editor's file itself.

Each picture is decoded, turned upright by its EXIF orientation, converted to sRGB and written
anew as WebP and JPEG at a few widths (never wider than it is). Nothing of the original's
metadata is written: no EXIF (a phone's photo carries the GPS position it was taken at), XMP,
IPTC, comment or ICC profile. The results are kept in a cache outside site/ under a name made
from the file's content, so a rebuild (and every `mkdocs serve` reload) resizes only new
pictures.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import os
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps
from pydantic import BaseModel

from dangjian.catalog import Entry
from dangjian.load.images import images_folder
from dangjian.model import Image
from dangjian.model.common import field_of
from dangjian.settings import Settings

WIDTHS: tuple[int, ...] = (480, 960, 1600)
"""The widths each picture is published at: a phone's strip, a phone's full view, a desktop's."""
STRIP_HEIGHT = 10.0
STRIP_MAX_WIDTH = 24.0
"""The thumbnails' height and largest width in rem, as dangjian.css shows them."""
ROOT_FONT_PX = 24
SITE_FOLDER = "assets/images/"
CACHE_FOLDER = ".cache/dangjian/images"
JPEG_QUALITY = 82
WEBP_QUALITY = 80
PIPELINE = "1"
"""Part of every cache name: change it when the processing changes, and every picture is made again."""

_ORIENTATION = 0x0112
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Variant:
    """One published size of a picture, in both formats (names under assets/images/)."""

    width: int
    height: int
    webp: str
    jpeg: str


@dataclass(frozen=True)
class Processed:
    """A picture made from one source file: every variant, and what it cost."""

    key: str
    variants: tuple[Variant, ...]
    source_bytes: int
    output_bytes: int
    seconds: float  # 0 when it came from the cache
    cached: bool


@dataclass(frozen=True)
class Photo:
    """One picture of an entity's page: the text the model gives, the sizes the processing made."""

    number: int  # 1-based on its page: the larger view's anchor
    alt: str
    caption: str | None
    credit: str | None
    illustration: bool
    variants: tuple[Variant, ...]

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    @property
    def smallest(self) -> Variant:
        return self.variants[0]

    @property
    def strip_sizes(self) -> str:
        """How wide the thumbnail is shown: STRIP_HEIGHT high, as wide as its shape makes it
        (up to STRIP_MAX_WIDTH, where the strip's CSS crops it). In pixels: a length in `sizes`
        is not read against the page's root font size (Material's is 20-24 px), so the largest
        one is assumed."""
        width = min(STRIP_HEIGHT * self.largest.width / self.largest.height, STRIP_MAX_WIDTH)
        return f"{round(width * ROOT_FONT_PX)}px"

    def srcset(self, base: str, kind: str) -> str:
        """`a-480.webp 480w, a-960.webp 960w` with base before each name (kind: webp or jpeg)."""
        return ", ".join(f"{base}{SITE_FOLDER}{getattr(v, kind)} {v.width}w" for v in self.variants)

    def src(self, base: str, largest: bool = False) -> str:
        variant = self.largest if largest else self.smallest
        return f"{base}{SITE_FOLDER}{variant.jpeg}"


def widths_for(width: int, widths: Iterable[int] = WIDTHS) -> tuple[int, ...]:
    """The widths a picture this wide is published at: every standard width up to its own, and
    its own width when it is narrower than the widest (never wider than it is)."""
    chosen = sorted({w for w in widths if w <= width})
    if not chosen or (chosen[-1] < max(widths) and width not in chosen):
        chosen.append(min(width, max(widths)))
    return tuple(chosen)


def cache_folder(settings: Settings) -> Path:
    return settings.root / CACHE_FOLDER


def content_key(data: bytes, widths: Iterable[int] = WIDTHS) -> str:
    digest = hashlib.sha256(f"{PIPELINE}:{','.join(map(str, widths))}:".encode())
    digest.update(data)
    return digest.hexdigest()[:20]


_memo: dict[tuple[str, int, int, str], Processed] = {}


def process(source: Path, cache: Path, widths: tuple[int, ...] = WIDTHS) -> Processed:
    """The variants of one source picture, from the cache when its content was made before."""
    info = source.stat()
    memo_key = (os.fspath(source), info.st_mtime_ns, info.st_size, os.fspath(cache))
    known = _memo.get(memo_key)
    if known is not None and _complete(cache, known.variants):
        return Processed(known.key, known.variants, known.source_bytes, known.output_bytes, 0.0, True)
    data = source.read_bytes()
    key = content_key(data, widths)
    done = _from_cache(cache, key, len(data))
    if done is None:
        done = _make(data, key, cache, widths)
    if len(_memo) > 10_000:
        _memo.clear()
    _memo[memo_key] = done
    return done


def _complete(cache: Path, variants: Iterable[Variant]) -> bool:
    return all((cache / v.webp).is_file() and (cache / v.jpeg).is_file() for v in variants)


def _from_cache(cache: Path, key: str, source_bytes: int) -> Processed | None:
    try:
        manifest = json.loads((cache / f"{key}.json").read_text(encoding="utf-8"))
        variants = tuple(Variant(int(v["width"]), int(v["height"]), str(v["webp"]), str(v["jpeg"]))
                         for v in manifest["variants"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not variants or not _complete(cache, variants):
        return None
    total = sum((cache / v.webp).stat().st_size + (cache / v.jpeg).stat().st_size for v in variants)
    return Processed(key, variants, source_bytes, total, 0.0, True)


def _make(data: bytes, key: str, cache: Path, widths: tuple[int, ...]) -> Processed:
    started = time.perf_counter()
    upright = upright_srgb(data, max(widths))
    variants: list[Variant] = []
    total = 0
    cache.mkdir(parents=True, exist_ok=True)
    for width in widths_for(upright.width, widths):
        height = max(1, round(upright.height * width / upright.width))
        resized = upright if width == upright.width else upright.resize(
            (width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        resized.info = {}  # nothing of the source travels with the pixels
        variant = Variant(width, height, f"{key}-{width}.webp", f"{key}-{width}.jpg")
        total += _write(cache / variant.webp, _encode(resized, "WEBP"))
        total += _write(cache / variant.jpeg, _encode(resized, "JPEG"))
        variants.append(variant)
    manifest = {"variants": [v.__dict__ for v in variants]}
    _write(cache / f"{key}.json", json.dumps(manifest).encode("utf-8"))
    return Processed(key, tuple(variants), len(data), total, time.perf_counter() - started, False)


def upright_srgb(data: bytes, widest: int) -> PILImage.Image:
    """The picture as it is meant to be seen: its orientation applied, in sRGB, with RGB or RGBA
    pixels and no metadata. A JPEG wider than needed is decoded at a reduced scale."""
    with PILImage.open(io.BytesIO(data)) as source:
        turned = source.getexif().get(_ORIENTATION) in (5, 6, 7, 8)
        across = source.height if turned else source.width
        if across > widest:
            scale = across / widest
            source.draft("RGB", (math.ceil(source.width / scale), math.ceil(source.height / scale)))
        source.load()
        picture = ImageOps.exif_transpose(source)
        icc = source.info.get("icc_profile")
    alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    target = "RGBA" if alpha else "RGB"
    if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
        picture = picture.convert(target)
    if icc:  # the colours the camera or editor meant, in the space every browser assumes
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError, TypeError):
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(picture, profile, _SRGB, outputMode=target)
            if converted is not None:
                picture = converted
    if picture.mode != target:
        picture = picture.convert(target)
    picture.info = {}
    return picture


def _encode(picture: PILImage.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "JPEG":
        if picture.mode == "RGBA":  # JPEG has no transparency: on white, as the page is
            flat = PILImage.new("RGB", picture.size, (255, 255, 255))
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        picture.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def _write(path: Path, data: bytes) -> int:
    """Write data to path whole or not at all (a second build may read the cache meanwhile)."""
    temporary = path.with_name(f".part-{os.getpid()}-{secrets.token_hex(4)}-{path.name}")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # readable as site/ files are
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return len(data)


class ImageProcessingError(Exception):
    """A picture that passed the loader's check but could not be made (changed since, or
    something the check's reduced decoding did not reach): said in Chinese, at its entry."""

    def __init__(self, rel: str, src: str, err: BaseException) -> None:
        reason = " ".join(str(err).split())[:120] or type(err).__name__
        super().__init__(f"{rel}: 图片“{src}”无法处理（{reason}）：用看图软件打开确认它完好，"
                         "另存为 JPEG 后再放进 data/images/。")


@dataclass
class ImageStats:
    """What one build's pictures cost: for the build's log line and the benchmark."""

    pictures: int = 0
    made: int = 0
    cached: int = 0
    source_bytes: int = 0
    output_bytes: int = 0
    seconds: float = 0.0


@dataclass
class SitePhotos:
    """The pictures of every public entity (or news post): each page's photos, and the files
    to publish."""

    by_entry: dict[str, tuple[Photo, ...]] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # site path -> the made file in the cache
    sources: dict[str, str] = field(default_factory=dict)  # site path -> the picture it was made from
    stats: ImageStats = field(default_factory=ImageStats)
    _made: dict[Path, Processed] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, settings: Settings, entries: Iterable[Entry[BaseModel]]) -> SitePhotos:
        found = cls()
        for entry in entries:
            found.add(settings, entry.id, entry.rel, field_of(entry.model, "images") or [])
        return found

    def add(self, settings: Settings, key: str, rel: str, images: Iterable[Image]) -> tuple[Photo, ...]:
        """The photos of one page (key: an entity's id, a post's source path), made from the
        pictures its file (rel, named in an error) lists; kept under key when there are any."""
        folder, cache = images_folder(settings), cache_folder(settings)
        photos = []
        for number, image in enumerate(images, start=1):
            source = folder / image.src
            done = self._made.get(source)
            if done is None:
                try:
                    done = self._made[source] = process(source, cache)
                except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as err:
                    raise ImageProcessingError(rel, image.src, err) from err
                self._count(done)
            for variant in done.variants:
                for name in (variant.webp, variant.jpeg):
                    self.files[SITE_FOLDER + name] = cache / name
                    self.sources[SITE_FOLDER + name] = f"{settings.data_dir}/images/{image.src}"
            photos.append(Photo(number, image.alt, image.caption, image.credit, image.illustration,
                                done.variants))
        if photos:
            self.by_entry[key] = tuple(photos)
        return tuple(photos)

    def _count(self, done: Processed) -> None:
        stats = self.stats
        stats.pictures += 1
        stats.made += not done.cached
        stats.cached += done.cached
        stats.source_bytes += done.source_bytes
        stats.output_bytes += done.output_bytes
        stats.seconds += done.seconds
