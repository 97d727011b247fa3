"""The images entries name: each a real picture inside data/images/, within the budget, with a text.

Every image is decoded here, by Pillow, not judged by its suffix: a file renamed to .jpg, a
truncated download or a phone's HEIC photo is found by `dangjian check`, at the `src:` line
that names it, before the build tries to resize it. A picture larger than the budget (bytes
on the disk, pixels once decoded) is refused before its pixels are decoded.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from dangjian.load.diagnostics import CONTROL_CHARS, Diagnostic
from dangjian.load.paths import inside, lexical, outside_target
from dangjian.model.common import Image, field_of
from dangjian.settings import Settings

if TYPE_CHECKING:
    from dangjian.load.loader import FileResult

IMAGES_SUBDIR = "images"
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
FORMATS: dict[str, str] = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
"""What Pillow calls each format a picture may be in, and its name for an editor (MPO is the
JPEG some phones write with a second, depth picture inside)."""

_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif")
_PLACEHOLDER_ALTS = frozenset({"图片", "照片", "图", "相片", "配图", "示意图", "image", "photo", "picture",
                               "img", "pic"})


def images_folder(settings: Settings) -> Path:
    """data/images/: where every picture an entry names is kept."""
    return settings.data_path / IMAGES_SUBDIR


@dataclass(frozen=True)
class ImageBudget:
    """The largest picture an entry may name, from dangjian/content's options."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS

    @classmethod
    def from_settings(cls, settings: Settings) -> ImageBudget:
        options = settings.options
        return cls(max_bytes=int(options.get("images_max_bytes") or DEFAULT_MAX_BYTES),
                   max_pixels=int(options.get("images_max_pixels") or DEFAULT_MAX_PIXELS))


@dataclass(frozen=True)
class SourceImage:
    """A picture that decoded: its format and its size as stored (before its orientation)."""

    path: Path
    format: str
    width: int
    height: int
    bytes: int


_inspected: dict[tuple[str, int, int, ImageBudget], SourceImage | tuple[str, str]] = {}


def inspect_image(path: Path, src: str, budget: ImageBudget) -> SourceImage | tuple[str, str]:
    """The picture at path, or (code, message) when it is too large or not a usable picture;
    remembered until the file changes, so a preview's rebuild decodes nothing again."""
    info = path.stat()
    key = (os.fspath(path), info.st_mtime_ns, info.st_size, budget)
    found = _inspected.get(key)
    if found is None:
        found = _inspect(path, src, info.st_size, budget)
        if len(_inspected) > 10_000:
            _inspected.clear()
        _inspected[key] = found
    return found


def _inspect(path: Path, src: str, size: int, budget: ImageBudget) -> SourceImage | tuple[str, str]:
    if size > budget.max_bytes:
        return "DJ154", f"图片“{src}”有 {_megabytes(size)}，超过了上限 {_megabytes(budget.max_bytes)}"
    with path.open("rb") as handle:
        head = handle.read(32)
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        kind = "AVIF 格式" if head[8:12] == b"avif" else "HEIC 格式（苹果手机默认的照片格式）"
        return "DJ153", f"图片“{src}”是 {kind}，网站只能用 JPEG、PNG、WebP 或 GIF"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as picture:
                kind = picture.format or ""
                if kind not in FORMATS:
                    return "DJ153", f"图片“{src}”是 {kind or '未知'} 格式，网站只能用 JPEG、PNG、WebP 或 GIF"
                width, height = picture.size
                if width * height > budget.max_pixels:
                    return "DJ154", (f"图片“{src}”有 {width}×{height} 像素（{_megapixels(width * height)}），"
                                     f"超过了上限 {_megapixels(budget.max_pixels)}")
                # a JPEG is decoded at an eighth of its size: every block is still read
                picture.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                picture.load()
    except PILImage.DecompressionBombError:
        return "DJ154", f"图片“{src}”的像素数大得异常，超过了上限 {_megapixels(budget.max_pixels)}"
    except UnidentifiedImageError:
        return "DJ153", f"文件“{src}”不是图片（无法识别的文件内容，改扩展名不会让它变成图片）"
    except (OSError, ValueError, SyntaxError) as err:
        return "DJ153", f"图片“{src}”已损坏或不完整，无法读取（{_reason(err)}）"
    return SourceImage(path, FORMATS[kind], width, height, size)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f} 百万像素" if pixels >= 1_000_000 else f"{pixels} 像素"


def _reason(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:80] or type(err).__name__


def path_problem(src: str, folder: Path, root: Path, shown_folder: str) -> tuple[str, str] | None:
    """(code, message) when src is not a file inside data/images/, else None."""
    if CONTROL_CHARS.search(src) or "\x00" in src:
        return "DJ152", f"图片路径“{src}”中有控制字符"
    if "\\" in src:
        return "DJ152", f"图片路径“{src}”用了“\\”：文件夹之间用“/”分隔"
    if src.startswith("/") or PureWindowsPath(src).drive:
        return "DJ152", f"图片路径“{src}”是绝对路径"
    normal = posixpath.normpath(src)
    if normal == ".." or normal.startswith("../"):
        return "DJ152", f"图片路径“{src}”用“..”跳出了 {shown_folder} 文件夹"
    path = folder / src
    if not os.path.lexists(path):
        return "DJ151", f"图片文件“{src}”在 {shown_folder} 中不存在"
    target = outside_target(path, root)
    if target is not None:
        return "DJ014", f"图片文件“{src}”是指向项目文件夹之外（{target}）的链接"
    real = os.path.realpath(path)
    if not inside(real, os.path.realpath(folder)):
        return "DJ152", f"图片文件“{src}”是指向 {shown_folder} 文件夹之外（{lexical(real, root)}）的链接"
    if not os.path.isfile(path):
        return "DJ151", f"“{src}”是文件夹，不是图片文件"
    return None


def alt_problem(alt: str, src: str) -> str | None:
    """Why an alt text says nothing about the picture, or None."""
    text = alt.strip()
    if not text:
        return "图片的 alt 是空白"
    name = PurePosixPath(src)
    if text.casefold() in {src.casefold(), name.name.casefold(), name.stem.casefold()}:
        return f"图片的 alt 写的是文件名“{text}”"
    if text.casefold() in _PLACEHOLDER_ALTS:
        return f"图片的 alt 只写了“{text}”"
    return None


def check_images(settings: Settings, files: dict[str, FileResult]) -> Iterator[Diagnostic]:
    """Every problem of every image the data files name, at its src: or alt: line; a file that
    did not validate has its pictures checked too, so that every mistake shows in one run."""
    for rel, loaded in sorted(files.items()):
        images = field_of(loaded.model, "images") if loaded.model is not None else None
        value = loaded.parsed.value
        raw = value.get("images") if isinstance(value, dict) else None
        for line, col, code, message, hint in image_problems(
                settings, named_images(images, raw, loaded.model is not None), loaded.parsed.where):
            yield Diagnostic(rel, line, col, code, message, hint)


Where = Callable[[tuple[str | int, ...]], tuple[int, int]]
"""Where a part of the file is written: ("images", 0, "src") -> (line, col)."""


def image_problems(settings: Settings, named: Iterable[tuple[int, str, str | None]],
                   where: Where) -> Iterator[tuple[int, int, str, str, str]]:
    """(line, col, code, message, hint) of every problem of the pictures a file names, each
    (index, src, alt) of its `images:` list: an alt that says nothing, a src that is not a
    picture inside data/images/ or one over the budget. Entities' data files and news posts'
    front matter name their pictures alike."""
    folder = images_folder(settings)
    shown = f"{settings.data_dir}/{IMAGES_SUBDIR}/"
    budget = ImageBudget.from_settings(settings)
    for i, src, alt in named:
        if alt is not None and (blank := alt_problem(alt, src)) is not None:
            line, col = where(("images", i, "alt"))
            yield line, col, "DJ150", blank, ""
        problem = path_problem(src, folder, settings.root, shown)
        if problem is None:
            found = inspect_image(folder / src, src, budget)
            problem = found if isinstance(found, tuple) else None
        if problem is not None:
            code, message = problem
            hint = _suggest(src, folder, shown) if code == "DJ151" else ""
            line, col = where(("images", i, "src"))
            yield line, col, code, message, hint


def named_images(images: Sequence[Image] | None, raw: object,
                 validated: bool) -> Iterator[tuple[int, str, str | None]]:
    """(index, src, alt) of each image a file names: from its model when it validated, else
    each src written as text in the raw `images:` value (alt None: the validation reports
    what is wrong with it)."""
    if validated:
        for i, image in enumerate(images or ()):
            yield i, image.src, image.alt
        return
    for i, image in enumerate(raw if isinstance(raw, list) else ()):
        src = image.get("src") if isinstance(image, dict) else None
        if isinstance(src, str) and src.strip():
            yield i, src, None


def _suggest(src: str, folder: Path, shown: str) -> str:
    """The picture the editor probably meant: one in the same folder with a close name."""
    parent = (folder / src).parent
    try:
        names = [n for n in os.listdir(parent) if not n.startswith(".") and os.path.isfile(parent / n)]
    except OSError:
        return "" if folder.is_dir() else f"先建立 {shown} 文件夹，把图片放进去。"
    name = PurePosixPath(src).name
    same = [n for n in names if n.casefold() == name.casefold()]
    close = same or difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    if not close:
        return ""
    prefix = posixpath.dirname(src)
    return f"是不是“{posixpath.join(prefix, close[0]) if prefix else close[0]}”？（文件名区分大小写）"


__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_PIXELS", "FORMATS", "ImageBudget", "SourceImage",
           "check_images", "image_problems", "images_folder", "inspect_image", "named_images"]
