"""The final verification reads every published picture: EXIF (GPS above all), XMP or IPTC left in
it, or a picture's name on something that is no picture, is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dangjian.guard.imagemeta import EXIF, GPS, IPTC, XMP, Unreadable, metadata_blocks
from dangjian.guard.verify import Verifier
from tests import pictures


def _with_exif_only(kind: str) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 1  # nothing but an orientation: still an EXIF block
    out = io.BytesIO()
    pictures.blocks(40, 30).save(out, kind, exif=exif)
    return out.getvalue()


def _gif_with_xmp() -> bytes:
    data = pictures.plain(40, 30, "GIF")
    extension = b"\x21\xff\x0bXMP DataXMP" + pictures.XMP_PACKET + b"\x01" + bytes(range(255, -1, -1)) + b"\x00"
    return data[:-1] + extension + b"\x3b"  # before the trailer


@pytest.mark.parametrize(("data", "suffix", "expected"), [
    (pictures.phone_jpeg(200, 150), ".jpg", [GPS, EXIF, XMP, IPTC]),
    (pictures.png_with_metadata(), ".png", [GPS, EXIF, XMP]),
    (pictures.webp_with_exif(), ".webp", [GPS, EXIF]),
    (pictures.heic_like(), ".heic", [GPS, EXIF]),
    (_with_exif_only("JPEG"), ".jpg", [EXIF]),
    (_with_exif_only("WEBP"), ".webp", [EXIF]),
    (_gif_with_xmp(), ".gif", [XMP]),
    (pictures.plain(40, 30, "JPEG"), ".jpg", []),
    (pictures.plain(40, 30, "PNG"), ".png", []),
    (pictures.plain(40, 30, "WEBP"), ".webp", []),
    (pictures.plain(40, 30, "GIF"), ".gif", []),
    (pictures.plain(40, 30, "TIFF"), ".tif", []),
], ids=["phone jpeg", "png exif and xmp", "webp exif", "heic", "jpeg orientation only", "webp orientation only",
        "gif xmp", "clean jpeg", "clean png", "clean webp", "clean gif", "clean tiff"])
def test_what_each_picture_still_carries_is_named(data: bytes, suffix: str, expected: list[str]) -> None:
    assert metadata_blocks(data, suffix) == expected


def test_a_page_renamed_to_a_picture_is_no_picture() -> None:
    with pytest.raises(Unreadable):
        metadata_blocks(b"<html><script>alert(1)</script></html>", ".jpg")


def test_the_verifier_refuses_a_picture_with_metadata() -> None:
    check = Verifier()
    (finding,) = check.check_file("photos/border.jpg", pictures.phone_jpeg(200, 150))
    assert finding.code == "DJ224" and finding.shown.startswith(GPS)
    assert "DJ224 发现带有拍摄信息的图片“GPS 位置、EXIF 拍摄信息、XMP、IPTC”" in finding.format()
    assert check.check_file("photos/clean.jpg", pictures.plain(40, 30)) == []
    (bad,) = check.check_file("photos/page.png", b"<html><body>hi</body></html>")
    assert bad.code == "DJ221"


def test_a_picture_type_allowed_as_binary_is_still_read_for_metadata() -> None:
    check = Verifier(allow_binary=frozenset({".heic"}))
    assert [f.code for f in check.check_file("a.heic", pictures.heic_like())] == ["DJ224"]
    assert check.check_file("a.heic", b"\x00\x00\x00\x18ftypheic" + bytes(64)) == []
    assert [f.code for f in Verifier().check_file("a.heic", b"\x00\x00\x00\x18ftypheic" + bytes(64))] == ["DJ221"]


def test_a_picture_in_a_zip_or_gzip_is_read_too() -> None:
    import gzip
    import zipfile

    check = Verifier()
    assert [f.code for f in check.check_file("a.jpg.gz", gzip.compress(pictures.phone_jpeg(80, 60)))] == ["DJ224"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("photos/p.jpg", pictures.phone_jpeg(80, 60))
    assert [f.code for f in check.check_file("a.zip", archive.getvalue())] == ["DJ224"]
