"""The images an entry names, as `dangjian check` reads them: every mistake located at its
src: or alt: line, each picture decoded (never judged by its suffix), the budget applied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dangjian.cli import main as cli_main
from tests import pictures
from tests.helpers import BRAND, ROUTE, SCHOOL, SITE, lines, load, write_project

S = "data/sites/test-site.yml"
SRC_LINE = SITE.count("\n") + 2  # the line of src: in an images: list put at the end of SITE


def with_image(src: str, alt: str | None = "纪念馆正门，门楣上是馆名", extra: str = "") -> str:
    text = SITE + f'images:\n  - src: "{src}"\n'
    if alt is not None:
        text += f'    alt: "{alt}"\n'
    return text + extra


def project(tmp_path: Path, site: str, images: dict[str, bytes | str] | None = None,
            content: str = "") -> Path:
    files: dict[str, str | bytes] = {S: site}
    files.update({f"data/images/{name}": data for name, data in (images or {}).items()})
    root = write_project(tmp_path / "p", files)  # type: ignore[arg-type]
    if content:
        (root / "mkdocs.yml").write_text(f"site_name: test\nplugins:\n  - dangjian/content:\n{content}",
                                         encoding="utf-8")
    return root


def test_a_picture_that_is_there_and_described_is_accepted(tmp_path: Path) -> None:
    result = load(project(tmp_path, with_image("sub/正门.jpg"), {"sub/正门.jpg": pictures.phone_jpeg(640, 480)}))
    assert result.ok, lines(result)


def test_every_kind_of_entry_may_have_pictures(tmp_path: Path) -> None:
    image = 'images:\n  - src: a.png\n    alt: 示意图：展板上的“党建引领”四个字\n    illustration: true\n'
    root = write_project(tmp_path / "p", {
        S: SITE + image, "data/schools/test-school.yml": SCHOOL + image,
        "data/brands/农村/nc-test-01.yml": BRAND + image, "routes/test-route.yml": ROUTE + image,
        "data/images/a.png": pictures.plain(80, 60, "PNG")})  # type: ignore[dict-item]
    result = load(root)
    assert result.ok, lines(result)
    assert {e.kind for e in result.catalog.all() if e.model.images} == {"site", "school", "brand", "route"}


def test_the_readme_of_data_images_is_not_data(tmp_path: Path) -> None:
    result = load(project(tmp_path, SITE, {"README.md": "# 图片\n\nid: 不是数据\n", "notes.yml": "id: [x\n"}))
    assert result.ok, lines(result)


BAD: list[tuple[str, str, dict[str, bytes | str], str, str]] = [
    # name, src, the files under data/images/, the code, words of the message
    ("missing", "zhengmen.jpg", {}, "DJ151", "在 data/images/ 中不存在"),
    ("a folder", "sub", {"sub/a.jpg": pictures.plain(20, 20)}, "DJ151", "是文件夹"),
    ("html renamed to jpg", "a.jpg", {"a.jpg": "<html><script>alert(1)</script></html>"}, "DJ153", "不是图片"),
    ("text renamed to png", "a.png", {"a.png": "just text"}, "DJ153", "不是图片"),
    ("truncated", "a.jpg", {"a.jpg": pictures.truncated_jpeg()}, "DJ153", "已损坏或不完整"),
    ("heic from a phone", "a.jpg", {"a.jpg": pictures.heic_like()}, "DJ153", "HEIC"),
    ("tiff", "a.tif", {"a.tif": pictures.plain(20, 20, "TIFF")}, "DJ153", "TIFF 格式"),
    ("parent folder", "../../mkdocs.yml", {}, "DJ152", "用“..”跳出了 data/images/"),
    ("parent inside", "a/../../secret.jpg", {}, "DJ152", "用“..”跳出了 data/images/"),
    ("absolute", "/etc/passwd", {}, "DJ152", "是绝对路径"),
    ("drive", "C:/photos/a.jpg", {}, "DJ152", "是绝对路径"),
    ("backslash", "sub\\\\a.jpg", {}, "DJ152", "用了“\\”"),
]


@pytest.mark.parametrize(("src", "images", "code", "words"), [case[1:] for case in BAD],
                         ids=[case[0] for case in BAD])
def test_a_bad_picture_is_reported_at_its_src(tmp_path: Path, src: str, images: dict[str, bytes | str],
                                               code: str, words: str) -> None:
    result = load(project(tmp_path, with_image(src), images))
    found = lines(result)
    assert any(f.startswith(f"{S}:{SRC_LINE}:10: {code} ") and words in f for f in found), found
    assert result.catalog is None


def test_a_missing_picture_names_the_one_meant(tmp_path: Path) -> None:
    result = load(project(tmp_path, with_image("Zhengmen.JPG"), {"zhengmen.jpg": pictures.plain(20, 20)}))
    (problem,) = result.diagnostics
    assert problem.code == "DJ151" and "zhengmen.jpg" in problem.hint


def test_a_link_that_leads_out_of_data_images_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, with_image("in.jpg") + '  - src: out.jpg\n    alt: 项目外的图片\n')
    (root / "secret.jpg").write_bytes(pictures.plain(20, 20))
    (root / "data" / "images").mkdir()
    os.symlink(root / "secret.jpg", root / "data" / "images" / "in.jpg")
    outside = tmp_path / "elsewhere.jpg"
    outside.write_bytes(pictures.plain(20, 20))
    os.symlink(outside, root / "data" / "images" / "out.jpg")
    found = lines(load(root))
    assert f"{S}:{SRC_LINE}:10: DJ152 图片文件“in.jpg”是指向 data/images/ 文件夹之外（secret.jpg）的链接" in found
    assert any(f.startswith(f"{S}:{SRC_LINE + 2}:10: DJ014 图片文件“out.jpg”是指向项目文件夹之外") for f in found)


@pytest.mark.parametrize(("content", "picture", "words"), [
    ("      images_max_bytes: 5000\n", pictures.plain(400, 300), "超过了上限"),
    ("      images_max_pixels: 100000\n", pictures.plain(400, 300), "400×300 像素"),
    ("", pictures.plain(1, 1), None),
], ids=["bytes", "pixels", "default budget"])
def test_the_budget_is_the_content_plugins(tmp_path: Path, content: str, picture: bytes,
                                           words: str | None) -> None:
    result = load(project(tmp_path, with_image("a.jpg"), {"a.jpg": picture}, content))
    if words is None:
        assert result.ok, lines(result)
        return
    (problem,) = result.diagnostics
    assert (problem.code, problem.line, problem.col) == ("DJ154", SRC_LINE, 10)
    assert words in problem.message and "images_max_" in problem.format()


def test_a_picture_far_over_the_pixel_budget_is_not_decoded(tmp_path: Path) -> None:
    # a PNG that says it is 20000 × 20000 (a "decompression bomb"): its header alone decides
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    bomb = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))
    (problem,) = load(project(tmp_path, with_image("bomb.png"), {"bomb.png": bomb})).diagnostics
    assert problem.code == "DJ154" and "超过了上限 40.0 百万像素" in problem.message


@pytest.mark.parametrize(("alt", "words"), [
    (None, "缺少文字说明 alt"),
    ("  ", "alt 是空白"),
    ("a.jpg", "写的是文件名"),
    ("A", "写的是文件名"),
    ("图片", "只写了“图片”"),
    ("photo", "只写了“photo”"),
])
def test_every_picture_says_what_it_shows(tmp_path: Path, alt: str | None, words: str) -> None:
    result = load(project(tmp_path, with_image("a.jpg", alt), {"a.jpg": pictures.plain(20, 20)}))
    (problem,) = result.diagnostics
    where = (SRC_LINE, 5) if alt is None else (SRC_LINE + 1, 10)  # the image, at its first key
    assert (problem.code, problem.line, problem.col) == ("DJ150", *where), problem.format()
    assert words in problem.message


def test_every_mistake_shows_at_once_even_in_a_file_that_does_not_validate(tmp_path: Path) -> None:
    text = with_image("missing.jpg", alt=None) + '  - src: "../x.jpg"\n    alt: 外面\n'
    found = lines(load(project(tmp_path, text)))
    assert [f.split(" ")[1] for f in found] == ["DJ150", "DJ151", "DJ152"], found


def test_dangjian_check_reports_the_pictures(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, with_image("a.jpg"), {"a.jpg": b"GIF89a not really"})
    monkeypatch.chdir(root)
    assert cli_main(["check"]) != 0
    out = capsys.readouterr()
    assert f"{S}:{SRC_LINE}:10: DJ153" in out.out + out.err


def test_the_alt_and_caption_are_searched_for_what_must_not_be_published(tmp_path: Path) -> None:
    text = with_image("a.jpg", extra='    caption: "值班电话 13912345678"\n')
    found = lines(load(project(tmp_path, text, {"a.jpg": pictures.plain(20, 20)})))
    assert any(f.startswith(f"{S}:{SRC_LINE + 2}:") and "DJ203" in f for f in found), found


def test_a_photo_with_its_position_in_docs_is_found_by_the_check(tmp_path: Path) -> None:
    root = project(tmp_path, SITE)
    (root / "docs" / "img").mkdir(parents=True)
    (root / "docs" / "img" / "village.jpg").write_bytes(pictures.phone_jpeg(120, 90))
    (root / "docs" / "img" / "clean.png").write_bytes(pictures.plain(120, 90, "PNG"))
    (root / "docs" / "img" / "notes.jpg").write_text("not a picture", encoding="utf-8")  # the build's to refuse
    assert lines(load(root)) == [
        "docs/img/village.jpg:1:1: DJ224 图片“village.jpg”带有GPS 位置、EXIF 拍摄信息、XMP、IPTC，不得发布"]
