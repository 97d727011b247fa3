"""Metadata left in a published picture: EXIF (above all its GPS position), XMP and IPTC.

The pictures the content plugin makes carry none (dangjian.render.images). The final
verification reads every picture that reached site/ all the same, whoever put it there (a
photo dropped into docs/, another plugin), and refuses one that still says where, when or
with what it was taken. Two readings, so that neither alone decides:

- Pillow reads the container as a browser would (JPEG markers, PNG chunks, WebP and GIF
  blocks, TIFF tags): the EXIF it finds, its GPS directory, XMP packets, IPTC/Photoshop data;
- the bytes are searched for the signatures every EXIF, XMP and IPTC block starts with,
  which also finds them in containers Pillow does not open here (HEIC, AVIF) and in frames
  it does not look at (a second picture inside an MPO or a GIF).
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from dangjian.load.diagnostics import Diagnostic, display_path

PICTURE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jfif", ".png", ".apng", ".gif", ".webp", ".avif",
                              ".tif", ".tiff", ".heic", ".heif", ".jxl", ".bmp", ".ico"})
"""Every picture file whose metadata is checked, whether or not it may be published at all."""

DECODABLE = frozenset({".jpg", ".jpeg", ".jfif", ".png", ".gif", ".webp"})
"""Suffixes of formats Pillow always reads: a file with one that it cannot read is no picture."""

GPS = "GPS 位置"
EXIF = "EXIF 拍摄信息"
XMP = "XMP"
IPTC = "IPTC"
_ORDER = (GPS, EXIF, XMP, IPTC)

_EXIF_SIGNATURE = b"Exif\x00\x00"
_XMP_SIGNATURES = (b"http://ns.adobe.com/xap/1.0/", b"<x:xmpmeta", b"<?xpacket", b"XMP DataXMP")
_IPTC_SIGNATURES = (b"Photoshop 3.0\x00", b"8BIM\x04\x04")
_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_TIFF_XMP = 700
_TIFF_IPTC = (33723, 34377)
_TIFF_CAMERA = (0x010F, 0x0110, 0x0131, 0x0132, 0x013B, 0x8298)  # make, model, software, date, artist, ©


class Unreadable(Exception):
    """The file has a picture's suffix but is no picture Pillow can read."""


def metadata_blocks(data: bytes, suffix: str) -> list[str]:
    """The metadata a picture still carries, GPS first ([] when none); raises Unreadable for a
    .jpg, .png, .gif or .webp that is not one."""
    found = set(_signatures(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                found |= _container(picture)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as err:
        if suffix in DECODABLE and not found:
            raise Unreadable(str(err)) from err
    return [name for name in _ORDER if name in found]


def _signatures(data: bytes) -> set[str]:
    found: set[str] = set()
    at = data.find(_EXIF_SIGNATURE)
    if at >= 0:
        found.add(EXIF)
        exif = Image.Exif()
        try:
            exif.load(data[at:at + (1 << 20)])
            if exif.get(_GPS_IFD) is not None:
                found.add(GPS)
        except (OSError, ValueError, SyntaxError, KeyError, IndexError, TypeError):
            pass  # a broken EXIF block is still an EXIF block
    if any(s in data for s in _XMP_SIGNATURES):
        found.add(XMP)
    if any(s in data for s in _IPTC_SIGNATURES):
        found.add(IPTC)
    return found


def _container(picture: Image.Image) -> set[str]:
    found: set[str] = set()
    info = picture.info
    exif = picture.getexif()
    if picture.format == "TIFF":
        # a TIFF's own tags describe its pixels; only the camera's, GPS, XMP and IPTC are metadata
        tags = getattr(picture, "tag_v2", {})
        if _EXIF_IFD in tags or any(t in tags for t in _TIFF_CAMERA):
            found.add(EXIF)
        if _GPS_IFD in tags:
            found.add(GPS)
        if _TIFF_XMP in tags:
            found.add(XMP)
        if any(t in tags for t in _TIFF_IPTC):
            found.add(IPTC)
        return found
    if len(exif) or info.get("exif"):
        found.add(EXIF)
    if exif.get(_GPS_IFD) is not None or exif.get_ifd(_GPS_IFD):
        found.add(GPS)
    if info.get("xmp") or info.get("XML:com.adobe.xmp") or any("xmp" in str(k).lower() for k in info):
        found.add(XMP)
    if info.get("photoshop") or any("iptc" in str(k).lower() for k in info):
        found.add(IPTC)
    if any(str(k).lower() == "raw profile type exif" for k in info):
        found.add(EXIF)
    return found


def docs_pictures(root: Path, docs: Path) -> list[Diagnostic]:
    """A finding for every picture under docs/ (theme overrides included: MkDocs publishes
    both as they are) that still carries metadata, for `dangjian check` to show before a
    build; a file that is no picture is left to the final verification."""
    found: list[Diagnostic] = []
    if not docs.is_dir():
        return found
    for folder, dirs, names in os.walk(docs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in PICTURE_SUFFIXES or name.startswith("."):
                continue
            path = Path(folder) / name
            try:
                blocks = metadata_blocks(path.read_bytes(), suffix)
            except (OSError, Unreadable):
                continue
            if blocks:
                found.append(Diagnostic(display_path(path, root), 1, 1, "DJ224",
                                        f"图片“{name}”带有{'、'.join(blocks)}，不得发布"))
    return found
