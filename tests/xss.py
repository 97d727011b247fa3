"""XSS vectors for the publishing-safety tests, and brand and site fixtures that carry them."""

from __future__ import annotations

import base64
import json


def ran(n: int) -> str:
    """Script that leaves proof if it ever runs: a global and a request for a marker page
    (alert() alone would prove nothing: the policy blocks it even when the markup got in)."""
    return f"window.__pwned={n},fetch(`/pwned-marker/{n}`)"


VECTORS: list[str] = [
    f"<script>{ran(1)}</script>",
    f"<img src=x onerror={ran(2)}>",
    f"<svg onload={ran(3)}>",
    f"[点我](javascript:{ran(4)})",
    "[数据](data:text/html;base64," + base64.b64encode(f"<script>{ran(5)}</script>".encode()).decode() + ")",
    f"\"><script>{ran(6)}</script>",
    f"' onmouseover='{ran(7)}' x='",
    f"\" autofocus onfocus=\"{ran(8)}",
    f"</title><script>{ran(9)}</script>",
    "{{ 7*191 }}{% raw %}",
    f"<iframe src=\"javascript:{ran(11)}\"></iframe>",
    f"<p style=\"background:url(javascript:{ran(12)});width:expression({ran(12)})\">s</p>",
    f"\\u003cscript\\u003e{ran(13)}\\u003c/script\\u003e &#60;script&#62;{ran(13)}&#60;/script&#62;",
    f"<a href=\"jav&#x09;ascript:{ran(14)}\">x</a><math><mtext><table><mglyph><style><img src=x onerror={ran(14)}>",
]
"""Each sets window.__pwned and requests /pwned-marker/<n> if it ever runs; "{{ 7*191 }}" would
print 1337 if a template evaluated it."""


def _q(value: str) -> str:
    # JSON strings are valid YAML and keep every character as written
    return json.dumps(value, ensure_ascii=False)


def xss_brand(n: int, vector: str) -> str:
    """A public brand with the vector in every text field."""
    return "\n".join([
        f"id: xss-{n:02d}",
        f"name: {_q('品牌' + str(n) + vector)}",
        f"org: {_q('党组织' + vector)}",
        "field: 农村",
        f"town: {_q('当壁镇' + vector)}",
        "level: 基层品牌",
        f"slogan: {_q(vector)}",
        f"summary: {_q('简介' + vector)}",
        f"practices: [{_q(vector)}]",
        f"results: [{_q(vector)}]",
        f"tags: [{_q(vector[:60])}]",
        f"sources: [{{title: {_q(vector)}, note: {_q(vector)}, url: {_q('https://example.org/')}}}]",
        "visibility: public",
        "sample: true",
        "",
    ])


def history_with_vectors() -> str:
    """A site's history Markdown carrying every vector, one paragraph each."""
    return "\n\n".join(f"第{i}段：{v}" for i, v in enumerate(VECTORS, 1))
