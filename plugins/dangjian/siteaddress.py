"""Whether site_url is the site's public address: QR codes and posters print it.

A build whose site_url is unset or names this machine (127.0.0.1, localhost, ::1, 0.0.0.0)
is a preview: every QR code and poster says 预览版 beside the code, and the build says so in
one line. The publishing build (`make publish`, the CI deploy jobs: the content plugin's
`publish` option) refuses to run without a public address.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

SITE_URL_VARIABLE = "DANGJIAN_SITE_URL"


def is_preview_address(site_url: str | None) -> bool:
    """True when site_url is unset or a loopback or unspecified address."""
    try:
        host = (urlsplit(site_url or "").hostname or "").rstrip(".").lower()
    except ValueError:  # an unparsable address is no public one
        return True
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name
    return address.is_loopback or address.is_unspecified


def _shown(site_url: str | None) -> str:
    return f"site_url 是本机地址（{site_url}）" if site_url else "没有设置 site_url"


def publish_refusal(site_url: str | None) -> str | None:
    """Why a publishing build cannot run with this site_url (Chinese), or None when it can."""
    if not is_preview_address(site_url):
        return None
    return (f"不能发布：{_shown(site_url)}，网页上的二维码和海报会指向打不开的地址。"
            f"请设置环境变量 {SITE_URL_VARIABLE} 为网站的正式网址后再发布，"
            f"如 {SITE_URL_VARIABLE}=https://www.example.gov.cn/ make publish"
            "（CI 中在项目的变量设置里添加）。")


def preview_notice(site_url: str | None) -> str:
    """The one line a preview build prints."""
    return (f"预览版：{_shown(site_url)}，二维码和海报都标注“预览版”。"
            f"正式发布请设置 {SITE_URL_VARIABLE} 后运行 make publish。")
