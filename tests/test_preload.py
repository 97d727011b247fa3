"""Preload hints: every script of a page is fetched at once despite its CSP meta tag."""

from __future__ import annotations

from dangjian.render.preload import module_imports, script_sources, with_script_preloads

POLICY = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'


def _page(head: str, body: str) -> str:
    return f"<!doctype html><html><head>{POLICY}{head}</head><body>{body}</body></html>"


def test_each_script_of_the_page_gets_one_hint_right_after_the_policy() -> None:
    html = _page('<script src="a.js?x=1&amp;y=2"></script>',
                 '<script type="module" src="m.js"></script><script>inline()</script>'
                 '<script src="a.js?x=1&amp;y=2"></script><script id="c" type="application/json">{}</script>')
    out = with_script_preloads(html)
    head = out[: out.index("</head>")]
    hints = head[head.index(POLICY) + len(POLICY):]
    assert hints.startswith('<link rel="preload" as="script" href="a.js?x=1&amp;y=2">'
                            '<link rel="modulepreload" href="m.js">')
    assert out.count('rel="preload"') == 1 and out.count('rel="modulepreload"') == 1
    assert out.replace(hints[: hints.index("<script")], "", 1) == html  # nothing else changes


def test_a_page_without_a_policy_or_without_scripts_is_left_alone() -> None:
    bare = "<html><head></head><body><script src='a.js'></script></body></html>"
    assert with_script_preloads(bare) == bare
    assert with_script_preloads(_page("", "<p>无脚本</p>")) == _page("", "<p>无脚本</p>")


def test_a_package_module_brings_every_module_it_imports_at_any_depth() -> None:
    deps = module_imports("../assets/dangjian/javascripts/planner/main.js")
    assert "../assets/dangjian/javascripts/planner/schedule.js" in deps  # imported by main
    assert "../assets/dangjian/javascripts/planner/optimise.js" in deps  # also by schedule
    assert "../assets/dangjian/vendor/qrcode-generator/qrcode.js" in deps  # by qr.js, two deep
    assert len(deps) == len(set(deps))
    assert module_imports("https://example.org/x.js") == []
    out = with_script_preloads(_page("", '<script type="module" src="/assets/dangjian/javascripts/planner/main.js"></script>'))
    assert '<link rel="modulepreload" href="/assets/dangjian/vendor/qrcode-generator/qrcode.js">' in out


def test_script_sources_are_read_from_attributes_in_any_order_and_quoting() -> None:
    html = "<script defer type=module src=x.js></script><script\nsrc='y.js' async></script><script src=''></script>"
    assert script_sources(html) == [("x.js", True), ("y.js", False)]
