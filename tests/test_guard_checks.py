"""The guard's pieces on small inputs: needles of internal data, unsafe markup, links, the policy."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from dangjian.guard.csp import base_urls, policy, script_hash, theme_script_hashes
from dangjian.guard.links import check_links
from dangjian.guard.verify import Verifier
from dangjian.guard.visibility import is_internal_field, needles
from dangjian.model import Brand
from tests.helpers import BRAND, load, write_project


def test_contact_and_internal_notes_are_internal_fields() -> None:
    assert is_internal_field(Brand, "contact")
    assert is_internal_field(Brand, "internal_notes")
    assert not is_internal_field(Brand, "summary")
    schema = Brand.model_json_schema()
    assert schema["properties"]["contact"].get("x-internal") is True


def test_visibility_is_required(tmp_path: Path) -> None:
    text = BRAND.replace("visibility: public\n", "")
    result = load(write_project(tmp_path, {"data/brands/农村/nc-test-01.yml": text}))
    assert result.catalog is None
    assert any(d.code == "DJ102" and "visibility" in d.message for d in result.diagnostics)


def test_needles_name_internal_entities_and_internal_fields_but_not_public_text(tmp_path: Path) -> None:
    secret = (BRAND.replace("nc-test-01", "nc-secret-01").replace("红色引擎", "绝密品牌甲")
              .replace("visibility: public", "visibility: internal")
              .replace("示例品牌的简介。", "这是一段只属于内部条目的简介文字。"))
    public = BRAND + "internal_notes: 只供内部参考的备注内容\ncontact:\n  name: 王某某\n  mobile: '13800138000'\n"
    result = load(write_project(tmp_path, {
        "data/brands/农村/nc-secret-01.yml": secret,
        "data/brands/农村/nc-test-01.yml": public,
    }))
    assert result.catalog is not None, result.diagnostics
    found = {(n.text, n.code) for n in needles(result.catalog)}
    assert ("nc-secret-01", "DJ201") in found
    assert ("绝密品牌甲", "DJ201") in found
    assert ("这是一段只属于内部条目的简介文字", "DJ201") in found
    assert ("只供内部参考的备注内容", "DJ202") in found
    assert ("王某某", "DJ202") in found
    assert ("13800138000", "DJ202") in found
    # the same org and town are public through the public brand: no evidence of a leak
    texts = {t for t, _ in found}
    assert "当壁镇某村党支部（示例）" not in texts
    assert "nc-test-01" not in texts


def test_escaped_vectors_are_text_but_real_ones_are_executable_markup() -> None:
    check = Verifier(policy=None)
    escaped = '<p title="&quot; onmouseover=&quot;alert(1)">&lt;img src=x onerror=alert(1)&gt;</p>'
    assert check.check_markup("a.html", escaped) == []
    real = ('<article><p><img src="x" onerror="alert(1)"><a href=" JaVa\tScRiPt:alert(2)">a</a>'
            '<a href="data:text/html,x">b</a><script>alert(3)</script></p></article>'
            '<svg/onload=alert(4)><img src="x"onerror="alert(5)"><iframe srcdoc="x"></iframe>'
            '<meta http-equiv="refresh" content="0;url=https://evil.example/">')
    kinds = [f.what for f in check.check_markup("a.html", real)]
    assert kinds.count("事件处理属性") == 3
    assert kinds.count("脚本或 data: 地址") == 2
    assert "不是本站模板自带的内联脚本" in kinds
    assert "可执行或嵌入外部内容的元素" in kinds
    assert "页面跳转或策略标记" in kinds


def test_theme_scripts_are_allowed_by_hashes_computed_from_the_templates(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "base.html").write_text(
        '<script>var scope=new URL("{{ base_url }}",location)</script>'
        '<script src="x.js"></script><script type="application/json">{"a": 1}</script>'
        "<script>var palette=1</script>", encoding="utf-8")
    hashes = theme_script_hashes(Environment(), [theme], base_urls({0, 1, 2}), {"config": {}})
    for url in (".", "..", "../..", "/"):
        assert script_hash(f'var scope=new URL("{url}",location)') in hashes
    assert script_hash("var palette=1") in hashes
    assert script_hash('{"a": 1}') not in hashes
    text = policy(hashes=hashes)
    check = Verifier(script_hashes=hashes, policy=text)
    page = (f'<html><head><meta http-equiv="Content-Security-Policy" content="{text}">'
            '<script>var palette=1</script></head><body><p>x</p><script>var palette=2</script></body></html>')
    found = check.check_markup("index.html", page)
    assert [f.shown for f in found] == ["<script>var palette=2"]
    assert "'unsafe-inline'" not in text.split("script-src", 1)[1].split(";", 1)[0]


def test_policy_never_accepts_unsafe_inline_for_scripts() -> None:
    text = policy({"script-src": ["'unsafe-inline'", "'unsafe-eval'"], "img-src": ["https://t.example"]})
    script = text.split("script-src", 1)[1].split(";", 1)[0]
    assert "unsafe" not in script
    assert "https://t.example" in text.split("img-src", 1)[1].split(";", 1)[0]


def _page(root: Path, rel: str, body: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_links_and_unicode_anchors_resolve_like_a_browser(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", '<h2 id="资料来源">x</h2><a href="brands/#field-农村">a</a>'
          '<a href="brands/#field-%E5%86%9C%E6%9D%91">b</a><a href="#资料来源">c</a>'
          '<a href="/brands/">d</a><a href="http://127.0.0.1:8000/brands/index.html">e</a>'
          '<a href="https://example.org/x">outside</a><a href="tel:0467-5220000">tel</a>')
    _page(tmp_path, "brands/index.html", '<h2 id="field-农村">农村</h2><a href="../">home</a>'
          '<a href="..">home</a><link rel="stylesheet" href="../assets/x.css">')
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.css").write_text("", encoding="utf-8")
    assert check_links(tmp_path, "http://127.0.0.1:8000/") == []


def test_broken_link_and_broken_anchor_are_named_with_file_and_line(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", '<h2 id="ok">x</h2>\n<a href="missing/">a</a>\n<a href="#不存在">b</a>'
          '\n<img src="img/none.png" alt="">')
    broken = check_links(tmp_path, "")
    lines = [b.format().splitlines()[0] for b in broken]
    assert lines == [
        "site/index.html:2: DJ210 链接的页面或文件不存在：missing/",
        "site/index.html:3: DJ211 链接的锚点（#后面的部分）在目标页面中不存在：#不存在",
        "site/index.html:4: DJ210 链接的页面或文件不存在：img/none.png",
    ]


def test_source_url_must_be_a_web_address(tmp_path: Path) -> None:
    text = BRAND + "sources:\n  - title: 来源\n    url: \"javascript:alert(1)\"\n"
    result = load(write_project(tmp_path, {"data/brands/农村/nc-test-01.yml": text}))
    assert result.catalog is None
    assert [(d.code, d.line) for d in result.diagnostics] == [("DJ105", 17)]
    assert "http://" in result.diagnostics[0].format()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["img", "svg", "a", "body", "details", "video", "x-y"]),
       st.sampled_from([" ", "\t", "\n", "\f", "/", "\r\n", "  /"]),
       st.sampled_from(["onerror", "ONLOAD", "oNmOuSeOvEr", "onfocus", "onbegin", "ontoggle", "onanimationend"]),
       st.sampled_from(['="window.__pwned=1"', "=window.__pwned=1", "='x'", ""]),
       st.sampled_from(["", ' src="x"', " src=x", ' title="a"']))
def test_an_event_handler_is_found_however_the_tag_is_spelled(tag: str, sep: str, name: str, value: str,
                                                              before: str) -> None:
    if before == " src=x" and "/" in sep:
        sep = " "  # after an unquoted value a slash is part of the value, not a new attribute
    if before.endswith('"') and sep == " ":
        sep = ""  # a quoted value may be followed by the next attribute at once: src="x"onerror
    spelled = f"<{tag}{before}{sep}{name}{value}>"
    found = Verifier(policy=None).check_markup("a.html", f"<p>文字</p>{spelled}</{tag}>")
    assert "事件处理属性" in [f.what for f in found], spelled


def test_comments_templates_links_and_outside_resources_are_checked_too() -> None:
    check = Verifier(policy=None)
    page = ('<p>文字</p><!-- 书记 13800138000 --><a href="tel:13900139000">电话</a>'
            '<template><img src=x onerror="window.__pwned=1"><p>11010519491231002X</p></template>'
            '<img src="https://tracker.example/p.gif" alt=""><link rel="stylesheet" href="//cdn.example/x.css">'
            '<a href="https://www.gov.cn/">政府网</a><span data-contact="15912345678"></span>')
    found = {(f.code, f.shown) for f in check.check_markup("a.html", page)}
    assert ("DJ203", "138****8000") in found  # in a comment
    assert ("DJ203", "139****9000") in found  # in a tel: link
    assert ("DJ203", "159****5678") in found  # in a data attribute
    assert ("DJ204", "110105********002X") in found  # in a template
    assert ("DJ220", "onerror=…") in found
    assert {s for c, s in found if c == "DJ223"} == {'<img src="https://tracker.example/p.gif">',
                                                      '<link href="//cdn.example/x.css">'}
