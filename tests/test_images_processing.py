"""The pictures made for the site: upright, in sRGB, at the widths that fit, without a byte of the
source's metadata, and made once per content (the cache)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from dangjian.guard.imagemeta import metadata_blocks
from dangjian.render import images
from dangjian.render.images import process, widths_for
from tests import pictures


@pytest.mark.parametrize(("width", "expected"), [
    (2400, (480, 960, 1600)), (1600, (480, 960, 1600)), (1200, (480, 960, 1200)),
    (960, (480, 960)), (700, (480, 700)), (480, (480,)), (300, (300,)), (1, (1,)),
])
def test_a_picture_is_never_made_wider_than_it_is(width: int, expected: tuple[int, ...]) -> None:
    assert widths_for(width) == expected


def _opened(path: Path) -> Image.Image:
    return Image.open(io.BytesIO(path.read_bytes()))


def test_a_phones_photo_is_published_upright_and_without_its_metadata(tmp_path: Path) -> None:
    source = tmp_path / "phone.jpg"
    source.write_bytes(pictures.phone_jpeg(2400, 1800, orientation=6))
    assert metadata_blocks(source.read_bytes(), ".jpg") == ["GPS 位置", "EXIF 拍摄信息", "XMP", "IPTC"]
    made = process(source, tmp_path / "cache")
    assert [(v.width, v.height) for v in made.variants] == [(480, 640), (960, 1280), (1600, 2133)]
    for variant in made.variants:
        for name, kind in ((variant.webp, "WEBP"), (variant.jpeg, "JPEG")):
            data = (tmp_path / "cache" / name).read_bytes()
            assert metadata_blocks(data, "." + name.rsplit(".", 1)[1]) == [], name
            for raw in (b"Exif", b"GPS", b"xmpmeta", b"Photoshop", b"8BIM", b"TestPhone"):
                assert raw not in data, (name, raw)
            with Image.open(io.BytesIO(data)) as out:
                assert out.format == kind
                assert out.size == (variant.width, variant.height)  # turned: the orientation is applied
                assert not out.getexif() and not {"exif", "xmp", "photoshop", "icc_profile", "comment"} & set(out.info)
                # the source's top-left (red) block is at the top right once turned by orientation 6
                red, green, _ = out.convert("RGB").getpixel((out.width - 3, 2))
                assert red > 180 and green < 60, (name, red, green)


def test_a_picture_is_made_once_for_its_content(tmp_path: Path) -> None:
    source, cache = tmp_path / "a.jpg", tmp_path / "cache"
    source.write_bytes(pictures.phone_jpeg(1000, 800, orientation=1))
    first = process(source, cache)
    assert not first.cached and first.seconds > 0
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    again = process(source, cache)
    images._memo.clear()  # a new build process: only the cache on the disk is left
    fresh = process(source, cache)
    assert again.cached and fresh.cached and again.variants == fresh.variants == first.variants
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps
    copy = tmp_path / "copy.jpg"  # the same content under another name: the same files
    copy.write_bytes(source.read_bytes())
    assert process(copy, cache).cached
    source.write_bytes(pictures.phone_jpeg(1000, 801, orientation=1))
    changed = process(source, cache)
    assert not changed.cached and changed.key != first.key
    assert sorted(p.suffix for p in cache.iterdir()) == [".jpg"] * 6 + [".json"] * 2 + [".webp"] * 6  # 480, 960, 1000


def test_a_broken_cache_entry_is_made_again(tmp_path: Path) -> None:
    source, cache = tmp_path / "a.png", tmp_path / "cache"
    source.write_bytes(pictures.plain(700, 500, "PNG"))
    first = process(source, cache)
    (cache / first.variants[-1].webp).unlink()
    images._memo.clear()
    assert not process(source, cache).cached
    (cache / f"{first.key}.json").write_text("{", encoding="utf-8")
    images._memo.clear()
    assert not process(source, cache).cached


def test_transparency_stays_in_webp_and_is_white_in_jpeg(tmp_path: Path) -> None:
    picture = pictures.blocks(600, 400, "RGBA")
    picture.paste((0, 0, 0, 0), (500, 300, 600, 400))
    source = tmp_path / "a.png"
    picture.save(source)
    made = process(source, tmp_path / "cache")
    smallest = made.variants[0]
    with _opened(tmp_path / "cache" / smallest.webp) as webp:
        assert webp.mode == "RGBA" and webp.getpixel((webp.width - 2, webp.height - 2))[3] == 0
    with _opened(tmp_path / "cache" / smallest.jpeg) as jpeg:
        assert jpeg.mode == "RGB" and min(jpeg.getpixel((jpeg.width - 2, jpeg.height - 2))) > 245


def test_colours_are_converted_to_srgb_and_the_profile_is_not_published(tmp_path: Path) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = tmp_path / "a.jpg"
    pictures.blocks(500, 300).save(source, "JPEG", icc_profile=profile)
    made = process(source, tmp_path / "cache")
    for variant in made.variants:
        with _opened(tmp_path / "cache" / variant.jpeg) as out:
            assert "icc_profile" not in out.info


def test_palette_grey_and_animated_pictures_are_made_as_rgb(tmp_path: Path) -> None:
    for name, picture in (("p.gif", pictures.blocks(200, 100).convert("P")),
                          ("l.png", pictures.blocks(200, 100).convert("L"))):
        source = tmp_path / name
        picture.save(source)
        made = process(source, tmp_path / "cache")
        assert [v.width for v in made.variants] == [200]
        with _opened(tmp_path / "cache" / made.variants[0].jpeg) as out:
            assert out.mode == "RGB"

