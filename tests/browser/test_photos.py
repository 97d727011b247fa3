"""An entity's pictures in Chromium: the strip loads only what it shows, and each thumbnail opens
its larger view with JavaScript switched off as well as on (the view is the page's :target)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import pictures
from tests.browser.conftest import open_recorded
from tests.guardproject import guard_project
from tests.helpers import SITE
from tests.sitebuild import build, serve

pytestmark = pytest.mark.browser

IMAGES = """\
images:
  - src: a.jpg
    alt: 第一张测试图：彩色方块
    caption: 第一张
  - src: b.png
    alt: 第二张测试图：彩色方块
    illustration: true
"""


@pytest.fixture(scope="module")
def photos_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("photos")
    project = guard_project(root / "project", {
        "data/sites/test-site.yml": SITE + IMAGES,
        "data/images/a.jpg": pictures.phone_jpeg(2000, 1500, orientation=6),  # type: ignore[dict-item]
        "data/images/b.png": pictures.plain(1200, 800, "PNG"),  # type: ignore[dict-item]
    })
    done = build(project, root / "site")
    assert done.returncode == 0, done.stderr[-3000:]
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("script", [False, True], ids=["without JavaScript", "with JavaScript"])
def test_a_thumbnail_opens_its_larger_view(browser: object, photos_url: str, script: bool) -> None:
    context, page, log = open_recorded(browser, photos_url, java_script_enabled=script,
                                       viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page.goto(photos_url + "sites/test-site/")  # type: ignore[attr-defined]
        thumb = page.locator("a.dj-photos__open").first  # type: ignore[attr-defined]
        thumb.locator("img").scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('.dj-photos__open img').complete")  # type: ignore[attr-defined]
        view = page.locator("#photo-1")  # type: ignore[attr-defined]
        assert not view.is_visible()
        shown = page.evaluate("document.querySelector('.dj-photos__open img').currentSrc")  # type: ignore[attr-defined]
        assert shown.endswith(".webp"), shown  # Chromium takes the WebP source
        assert not any("-1600." in u for u in log.requests), log.requests  # the larger view waits
        thumb.click()
        assert view.is_visible()
        big = view.locator("img")
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => document.querySelector('#photo-1 img').complete && document.querySelector('#photo-1 img').naturalWidth > 0")
        box = big.bounding_box()
        assert box is not None and box["width"] <= 390 and box["height"] <= 844
        assert big.evaluate("i => i.naturalHeight > i.naturalWidth")  # upright: a portrait once turned
        assert big.evaluate("i => i.currentSrc").endswith("-960.webp")  # 390 px at 2x: 780 wanted
        view.locator("text=下一张").click()
        assert page.locator("#photo-2").is_visible() and not view.is_visible()  # type: ignore[attr-defined]
        page.locator("#photo-2 >> text=关闭大图").click()  # type: ignore[attr-defined]
        assert not page.locator("#photo-2").is_visible()  # type: ignore[attr-defined]
        assert log.outside() == [] and log.console_errors == []
    finally:
        context.close()  # type: ignore[attr-defined]
