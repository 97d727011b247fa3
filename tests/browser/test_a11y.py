"""适老化 and 无障碍 in Chromium: axe in the normal, 长辈 and dark modes on every page type, 长辈模式's
sizes and spacing, no sideways scroll at 360 px, keyboard focus that shows, the dark scheme's
toggle, reading aloud with the browser's own speech, and the highlight of a searched term."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import open_recorded
from tests.browser.test_public_site import PAGES

pytestmark = pytest.mark.browser

ALL_PAGES = [*PAGES, *([] if "contact/" in PAGES else ["contact/"]), "404.html"]
MODES = ("normal", "large", "dark")
LARGE = "try { localStorage.setItem('dj-large', '1') } catch (e) {}"

# Headless Chromium has no voices: speech is recorded instead of spoken.
SPEECH_STUB = """
(() => {
  const log = { spoken: [], calls: [] };
  window.__speech = log;
  const fake = {
    speaking: false, paused: false,
    speak(u) { log.spoken.push({ text: u.text, lang: u.lang }); },
    pause() { log.calls.push("pause"); },
    resume() { log.calls.push("resume"); },
    cancel() { log.calls.push("cancel"); },
    getVoices() { return []; },
    addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
  if (typeof window.SpeechSynthesisUtterance !== "function") {
    window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
  }
})();
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
delete window.SpeechSynthesisUtterance;
"""


def _context_options(mode: str, width: int = 360, height: int = 740) -> dict[str, Any]:
    options: dict[str, Any] = {"viewport": {"width": width, "height": height}}
    if mode == "dark":
        options["color_scheme"] = "dark"
    else:
        options["color_scheme"] = "light"
    return options


@pytest.fixture(params=MODES)
def mode_page(request: pytest.FixtureRequest, browser: object, site_url: str) -> Iterator[tuple[str, object]]:
    """A phone-sized page in one of the three modes."""
    mode = request.param
    context, page, _ = open_recorded(browser, site_url, init_script=LARGE if mode == "large" else None,
                                     **_context_options(mode))
    yield mode, page
    context.close()  # type: ignore[attr-defined]


def _check_mode(page: Any, mode: str) -> None:
    classes = page.evaluate("document.documentElement.className")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert ("dj-large" in classes) == (mode == "large")
    assert scheme == ("slate" if mode == "dark" else "default")


def test_axe_finds_no_serious_violation_in_any_mode(mode_page, site_url, axe_source) -> None:
    mode, page = mode_page
    bad: dict[str, list[str]] = {}
    for path in ALL_PAGES:
        page.goto(site_url + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        _check_mode(page, mode)
        page.evaluate(axe_source)  # type: ignore[attr-defined]
        result = page.evaluate(  # type: ignore[attr-defined]
            "async () => await axe.run(document, {resultTypes: ['violations']})")
        found = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        if found:
            bad[path or "/"] = found
    assert bad == {}


def test_no_page_scrolls_sideways_at_360_px(mode_page, site_url) -> None:
    mode, page = mode_page
    wide = {}
    for path in ALL_PAGES:
        page.goto(site_url + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        if width > 360:
            wide[path or "/"] = width
    assert wide == {}, mode


def _sizes(page: Any) -> dict[str, float]:
    return page.evaluate("""() => {
      const px = (sel, prop = 'fontSize') => {
        const el = document.querySelector(sel);
        return el ? parseFloat(getComputedStyle(el)[prop]) : null;
      };
      return {
        text: px('article.md-content__inner'),
        summary: px('.dj-summary'),
        notice: px('.dj-sample p:not(.admonition-title)'),
        table: px('table.dj-hours td'),
        header: px('.md-header__topic .md-ellipsis'),
        badge: px('.dj-badge'),
        lineHeight: px('.dj-summary', 'lineHeight'),
        gap: px('.dj-summary', 'marginBottom'),
      };
    }""")


def test_large_mode_enlarges_every_text_together_and_spaces_lines(browser, site_url) -> None:
    sizes = {}
    for mode in ("normal", "large"):
        context, page, _ = open_recorded(browser, site_url, init_script=LARGE if mode == "large" else None,
                                         **_context_options(mode))
        page.goto(site_url + "sites/zz-tour-1/")  # type: ignore[attr-defined]
        sizes[mode] = _sizes(page)
        if mode == "large":
            cursor = page.evaluate("getComputedStyle(document.body).cursor")  # type: ignore[attr-defined]
            assert "cursor-arrow.svg" in cursor
        context.close()  # type: ignore[attr-defined]
    normal, large = sizes["normal"], sizes["large"]
    for key in ("text", "notice", "table", "header", "badge"):  # nothing left behind
        assert large[key] >= 1.2 * normal[key], key
    assert large["text"] >= 1.3 * normal["text"]
    text = large["text"]
    for key in ("notice", "table"):  # notices and tables as large as the text beside them
        assert large[key] >= text, key
    assert large["header"] >= 0.9 * text and large["badge"] >= 0.65 * text
    summary = large["summary"]
    assert large["lineHeight"] >= 1.3 * summary  # 工信部: line spacing at least 1.3
    assert large["gap"] > large["lineHeight"] - summary  # paragraphs further apart than lines


def _focus_report(page: Any) -> dict[str, Any] | None:
    return page.evaluate("""() => {
      let el = document.activeElement;
      if (!el || el === document.body) return null;
      let shown = el;
      if (el.matches('.md-option')) shown = el.closest('form').querySelector('label:not([hidden])');  // the palette
      const style = getComputedStyle(shown);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
        || style.boxShadow !== 'none';
      const box = shown.getBoundingClientRect();
      return { tag: el.tagName, cls: String(el.className), text: (el.textContent || '').trim().slice(0, 20),
               ring, visible: box.width > 0 && box.height > 0 };
    }""")


@pytest.mark.parametrize("mode", MODES)
def test_every_control_is_reached_by_tab_with_a_visible_ring(browser, site_url, mode) -> None:
    context, page, _ = open_recorded(browser, site_url, init_script=LARGE if mode == "large" else None,
                                     **_context_options(mode, 1280, 800))
    page.goto(site_url + "sites/zz-tour-1/")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    seen: list[dict[str, Any]] = []
    for _ in range(400):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        report = _focus_report(page)
        if report is None:
            continue
        if seen and report == seen[0]:
            break
        seen.append(report)
    unringed = [r for r in seen if not r["ring"] or not r["visible"]]
    assert unringed == [], mode
    texts = {r["text"] for r in seen}
    assert {"长辈模式", "标准模式"} & texts
    if page.evaluate("'speechSynthesis' in window"):  # type: ignore[attr-defined]
        assert "朗读全文" in texts
    classes = " ".join(r["cls"] for r in seen)
    assert "md-option" in classes  # the light / dark toggle
    assert "md-search__input" in classes and "dj-card" not in classes
    assert any(r["tag"] == "A" and r["text"] == "测试甲纪念馆" for r in seen) or len(seen) > 20
    context.close()  # type: ignore[attr-defined]


def _tab_to(page: Any, selector: str, most: int = 40) -> bool:
    """Press Tab until the focused element matches selector (False after most presses)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector):
            return True
    return False


def _focused_drawer_link(page: Any) -> dict[str, Any] | None:
    return page.evaluate("""() => {
      const el = document.activeElement;
      if (!el || !el.matches('a.md-nav__link') || !el.closest('.md-sidebar--primary')) return null;
      const box = el.getBoundingClientRect();
      return { text: el.textContent.trim(), shown: box.width > 0 && box.left >= 0 && box.right <= innerWidth };
    }""")


def test_the_phone_headers_menu_and_search_are_buttons_for_the_keyboard(browser, site_url) -> None:
    context, page, _ = open_recorded(browser, site_url, **_context_options("normal"))  # 360 px
    page.goto(site_url + "sites/")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    menu, search = "label.md-header__button[for='__drawer']", "label.md-header__button[for='__search']"
    for selector, name in ((menu, "打开导航菜单"), (search, "搜索")):
        label = page.locator(selector)  # type: ignore[attr-defined]
        assert (label.get_attribute("role"), label.get_attribute("tabindex")) == ("button", "0")
        assert label.get_attribute("aria-label") == name and label.get_attribute("aria-expanded") == "false"

    hidden = """() => getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'"""
    assert page.evaluate(hidden)  # type: ignore[attr-defined]  # the closed drawer takes no Tab stop
    assert _tab_to(page, menu)
    ring = _focus_report(page)
    assert ring is not None and ring["ring"] and ring["visible"]
    assert _focused_drawer_link(page) is None
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    assert page.locator(menu).get_attribute("aria-expanded") == "true"  # type: ignore[attr-defined]
    assert page.locator(menu).get_attribute("aria-label") == "关闭导航菜单"  # type: ignore[attr-defined]
    page.wait_for_function("""() => {
      const nav = document.querySelector('.md-sidebar--primary');
      const box = nav && nav.getBoundingClientRect();
      return !!box && box.left >= 0 && box.width > 0;
    }""")  # type: ignore[attr-defined]
    link = None
    for _ in range(30):  # the drawer's links come next in the Tab order, shown on the screen
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        # on the way, the closed search's hidden field takes no stop (it would open the search)
        assert not page.evaluate("() => document.getElementById('__search').checked")  # type: ignore[attr-defined]
        link = _focused_drawer_link(page)
        if link is not None:
            break
    assert link is not None and link["shown"] and link["text"], link
    focused = _focus_report(page)
    assert focused is not None and focused["ring"]

    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.wait_for_function("() => !document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    assert page.evaluate("(sel) => document.activeElement.matches(sel)", menu)  # type: ignore[attr-defined]
    page.keyboard.press(" ")  # type: ignore[attr-defined]  # Space toggles as Enter does
    page.wait_for_function("() => document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.wait_for_function("() => !document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    page.wait_for_function(hidden)  # type: ignore[attr-defined]

    assert _tab_to(page, search)
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function("""() => document.getElementById('__search').checked
      && document.activeElement === document.querySelector('.md-search__input')""")  # type: ignore[attr-defined]
    assert page.locator(search).get_attribute("aria-expanded") == "true"  # type: ignore[attr-defined]
    page.keyboard.type("纪念馆")  # type: ignore[attr-defined]
    assert page.locator(".md-search__input").input_value() == "纪念馆"  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]  # closes the search, back on its button
    page.wait_for_function("""(sel) => !document.getElementById('__search').checked
      && document.activeElement === document.querySelector(sel)""", arg=search)  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]  # past the closed drawer, to the page
    assert page.evaluate("() => !document.activeElement.closest('.md-sidebar--primary')")  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]


def test_dark_scheme_follows_the_system_and_the_toggle_is_remembered(browser, site_url) -> None:
    context, page, _ = open_recorded(browser, site_url, **_context_options("dark", 1280, 800))
    page.goto(site_url)  # type: ignore[attr-defined]
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"  # type: ignore[attr-defined]
    page.locator("form[data-md-component=palette] label:not([hidden])").click()  # type: ignore[attr-defined]
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")  # type: ignore[attr-defined]
    page.goto(site_url + "sites/")  # type: ignore[attr-defined]
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]


def test_read_aloud_reads_the_main_text_in_chinese_and_pauses_and_stops(browser, site_url) -> None:
    context, page, log = open_recorded(browser, site_url, init_script=SPEECH_STUB, **_context_options("normal"))
    page.goto(site_url + "sites/zz-tour-1/")  # type: ignore[attr-defined]
    read = page.locator("[data-dj-read]")  # type: ignore[attr-defined]
    stop = page.locator("[data-dj-read-stop]")  # type: ignore[attr-defined]
    assert read.is_visible() and read.inner_text() == "朗读全文" and stop.is_hidden()
    read.click()
    spoken = page.evaluate("window.__speech.spoken")  # type: ignore[attr-defined]
    texts = [s["text"] for s in spoken]
    assert texts and all(s["lang"] == "zh-CN" for s in spoken)
    assert texts[0] == "测试甲纪念馆"  # the heading first: the breadcrumb and the tools are not read
    assert any("部分内容为示例数据" in t for t in texts)  # the sample-data notice is read
    assert "周一，闭馆" in texts  # a row of the hours table, day and time apart
    assert all(len(t) <= 200 for t in texts)  # paragraph by paragraph
    skipped = page.evaluate("""() => {
        const skip = 'nav, .dj-photos, .dj-map, .dj-nav, .dj-tools, pre';
        const leaf = el => el.childNodes.length === 1 && el.firstChild.nodeType === 3;
        const all = [...document.querySelectorAll('article *')].filter(leaf);
        const kept = new Set(all.filter(el => !el.closest(skip)).map(el => el.textContent.trim()));
        return all.filter(el => el.closest(skip)).map(el => el.textContent.trim())
          .filter(t => t.length >= 2 && !kept.has(t));
    }""")
    assert skipped, "the page has nothing to skip"
    assert not set(skipped) & set(texts)  # nothing of the navigation, maps, photos or tools
    assert not any(word in t for t in texts for word in ("高德地图", "打开交互地图", "手动输入坐标", "长辈模式"))
    assert read.inner_text() == "暂停" and stop.is_visible()
    read.click()
    assert read.inner_text() == "继续朗读"
    read.click()
    assert read.inner_text() == "暂停"
    stop.click()
    calls = page.evaluate("window.__speech.calls")  # type: ignore[attr-defined]
    assert calls[-3:] == ["pause", "resume", "cancel"]
    assert read.inner_text() == "朗读全文" and stop.is_hidden()
    assert log.console_errors == []
    context.close()  # type: ignore[attr-defined]


def test_read_aloud_is_hidden_without_speech(browser, site_url) -> None:
    context, page, log = open_recorded(browser, site_url, init_script=NO_SPEECH, **_context_options("normal"))
    page.goto(site_url + "sites/zz-tour-1/")  # type: ignore[attr-defined]
    assert page.locator(".dj-a11y-toggle").is_visible()  # type: ignore[attr-defined]
    assert page.locator("[data-dj-read]").is_hidden()  # type: ignore[attr-defined]
    assert log.console_errors == []
    context.close()  # type: ignore[attr-defined]


def test_search_highlights_the_whole_query_term(browser, site_url) -> None:
    context, page, _ = open_recorded(browser, site_url, **_context_options("normal", 1280, 800))
    query = "测试甲纪念"  # a prefix of the known site 测试甲纪念馆's name, more than one word long
    page.goto(site_url)  # type: ignore[attr-defined]
    page.click("input.md-search__input")  # type: ignore[attr-defined]
    page.fill("input.md-search__input", query)  # type: ignore[attr-defined]
    page.keyboard.press("End")  # type: ignore[attr-defined]
    first = page.locator(".md-search-result__item a[href*='zz-tour-1']").first  # type: ignore[attr-defined]
    first.wait_for(timeout=20000)
    first.click()
    page.wait_for_selector("mark[data-md-highlight]")  # type: ignore[attr-defined]
    marks = page.eval_on_selector_all("article mark[data-md-highlight]",  # type: ignore[attr-defined]
                                      "els => els.map(e => e.textContent)")
    assert query in marks, marks
    context.close()  # type: ignore[attr-defined]
