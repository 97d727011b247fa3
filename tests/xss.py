"""XSS vectors for the publishing-safety tests, and brand and site fixtures that carry them."""

from __future__ import annotations

import json

VECTORS: list[str] = [
    "<script>alert('xss1')</script>",
    "<img src=x onerror=alert('xss2')>",
    "<svg onload=alert('xss3')>",
    "[点我](javascript:alert('xss4'))",
    "[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzNScpPC9zY3JpcHQ+)",
    "\"><script>alert('xss6')</script>",
    "' onmouseover='alert(\"xss7\")' x='",
    "\" autofocus onfocus=\"alert('xss8')",
    "</title><script>alert('xss9')</script>",
    "{{ 7*191 }}{% raw %}",
    "<iframe src=\"javascript:alert('xss11')\"></iframe>",
    "<p style=\"background:url(javascript:alert('xss12'));width:expression(alert('xss12'))\">s</p>",
    "\\u003cscript\\u003ealert('xss13')\\u003c/script\\u003e &#60;script&#62;alert('xss13')&#60;/script&#62;",
    "<a href=\"jav&#x09;ascript:alert('xss14')\">x</a><math><mtext><table><mglyph><style><img src=x onerror=alert('xss14')>",
]
"""Each calls alert() if it ever runs; "{{ 7*191 }}" would print 1337 if a template evaluated it."""


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
