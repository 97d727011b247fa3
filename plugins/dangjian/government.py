"""The government-website details of `extra.government` in mkdocs.yml, validated.

A Party or government website shows who runs it and its registrations at the foot of every
page (《政府网站发展指引》): 主办单位 and 承办单位, contact details, the ICP record number
(linked to MIIT's record lookup), the public-security record number (linked to its lookup),
the 政府网站标识码 and the 党政机关网站标识. Each is shown only when it is set; none is ever
made up. The values are checked here, each problem at its place in mkdocs.yml.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from dangjian.load.diagnostics import Diagnostic
    from dangjian.settings import ProjectConfig

ICP_LOOKUP = "https://beian.miit.gov.cn/"
POLICE_LOOKUP = "https://beian.mps.gov.cn/#/query/webSearch?code="
BADGE_IMAGE = "images/dangzheng-jiguan-biaoshi.svg"  # under the package's assets/

LABELS: dict[str, str] = {
    "organizer": "主办单位",
    "operator": "承办单位",
    "phone": "联系电话",
    "email": "联系邮箱",
    "address": "地址",
    "icp": "ICP备案号",
    "police_record": "公安机关备案号",
    "site_code": "政府网站标识码",
    "badge_url": "党政机关网站标识链接",
}
"""Every key `extra.government` may have, with what it is called on the page."""

_ICP = re.compile(r"[\u4e00-\u9fff]ICP[备证]\d{6,8}号(?:-\d{1,3})?")
_POLICE = re.compile(r"[\u4e00-\u9fff]公网安备 ?(\d{14})号")
_SITE_CODE = re.compile(r"\d{10}")
_PHONE = re.compile(r"(?=(?:\D*\d){5})[0-9 ()+\-转、，,/]+")
_SINGLE_PHONE = re.compile(r"\+?[0-9 ()\-]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_LONGEST = {"organizer": 60, "operator": 60, "address": 120}


@dataclass(frozen=True)
class Government:
    """The details as set (an empty string: not set)."""

    organizer: str = ""
    operator: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    icp: str = ""
    police_record: str = ""
    site_code: str = ""
    badge_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    @property
    def has_contact(self) -> bool:
        """Whether there is anything for the 联系我们 page: who runs the site or how to reach them."""
        return any((self.organizer, self.operator, self.phone, self.email, self.address))

    @property
    def police_code(self) -> str:
        """The 14 digits of the public-security record number (what its lookup takes)."""
        found = _POLICE.fullmatch(self.police_record)
        return found[1] if found else ""

    @property
    def police_url(self) -> str:
        return POLICE_LOOKUP + self.police_code if self.police_code else ""

    @property
    def icp_url(self) -> str:
        return ICP_LOOKUP if self.icp else ""

    @property
    def phone_href(self) -> str:
        """A tel: link when the phone is one number, else "" (several are shown as text)."""
        if not _SINGLE_PHONE.fullmatch(self.phone):
            return ""
        return "tel:" + ("+" if self.phone.startswith("+") else "") + re.sub(r"\D", "", self.phone)

    @property
    def email_href(self) -> str:
        return "mailto:" + self.email if self.email else ""


@dataclass(frozen=True)
class Located:
    """Says a problem of extra.government at the place in mkdocs.yml where it is written."""

    config: ProjectConfig | None

    def at(self, key: str | None, message: str, hint: str) -> Diagnostic:
        from dangjian.load.diagnostics import Diagnostic

        if self.config is None:
            return Diagnostic("mkdocs.yml", 1, 1, "DJ015", message, hint)
        keys = ("extra", "government") + ((key,) if key else ())
        return self.config.at(self.config.node_at(*keys), "DJ015", message, hint)


def read_government(value: Any, config: ProjectConfig | None = None) -> tuple[Government, list[Diagnostic]]:
    """extra.government as written (None: absent) and every problem of it, each at its place
    in mkdocs.yml when config (the file as read, for positions) is given. A value with a
    problem is left unset."""
    where = Located(config)
    if value is None:
        return Government(), []
    if not isinstance(value, dict):
        return Government(), [where.at(None, "extra.government 应是“名称: 值”的映射",
                                       "每行写一项，如 organizer: 中共某某市委组织部；不用的项不写。")]
    problems: list[Diagnostic] = []
    found: dict[str, str] = {}
    for key, raw in value.items():
        name = str(key)
        if name not in LABELS:
            close = difflib.get_close_matches(name, list(LABELS), n=1)
            problems.append(where.at(name, f"extra.government 没有“{name}”这一项",
                                     f"是不是想写“{close[0]}”？" if close
                                     else "可写的项：" + "、".join(LABELS)))
            continue
        if raw is None or raw == "":
            continue  # not set: the line is left out
        if not isinstance(raw, str):
            problems.append(where.at(name, f"extra.government.{name}（{LABELS[name]}）应为文字",
                                     f"加英文引号，如 {name}: \"…\"；数字不加引号会被读成数，丢掉开头的 0。"))
            continue
        text = raw.strip()
        why = _CHECKS[name](text)
        if why:
            problems.append(where.at(name, f"extra.government.{name}（{LABELS[name]}）{why[0]}", why[1]))
            continue
        found[name] = text
    return Government(**found), problems


def government_problems(config: ProjectConfig) -> list[Diagnostic]:
    """The problems of extra.government as mkdocs.yml writes it (a value taken from the
    environment, `!ENV`, is checked when the site is built)."""
    extra = config.data.get("extra")
    return read_government(extra.get("government") if isinstance(extra, dict) else None, config)[1]


def _text(name: str) -> Callable[[str], tuple[str, str] | None]:
    def check(text: str) -> tuple[str, str] | None:
        if "\n" in text or "\r" in text:
            return "应写在一行里", "删除换行，写成一行文字。"
        if len(text) > _LONGEST[name]:
            return f"过长（{len(text)} 个字）", f"最多 {_LONGEST[name]} 个字：写单位或地址的正式名称即可。"
        return None
    return check


def _phone(text: str) -> tuple[str, str] | None:
    if not _PHONE.fullmatch(text):
        return ("格式不正确", "只写数字、空格、“-”和括号，如 0467-1234567；"
                "几个号码用“、”隔开，分机写“转”加号码。")
    return None


def _email(text: str) -> tuple[str, str] | None:
    if not _EMAIL.fullmatch(text):
        return "不是邮箱地址", "写完整的邮箱地址，如 dangjian@example.gov.cn。"
    return None


def _icp(text: str) -> tuple[str, str] | None:
    if not _ICP.fullmatch(text):
        return ("格式不正确", "照工业和信息化部备案系统中的写法填写：省份简称 + ICP备 + 数字 + 号，"
                "如 黑ICP备 后接 8 位数字和“号”；没有备案号就不写这一项，不要填写占位的 X。")
    return None


def _police(text: str) -> tuple[str, str] | None:
    if not _POLICE.fullmatch(text):
        return ("格式不正确", "照全国互联网安全管理服务平台中的写法填写："
                "省份简称 + 公网安备 + 14 位数字 + 号；没有备案号就不写这一项，不要填写占位的 X。")
    return None


def _site_code(text: str) -> tuple[str, str] | None:
    if not _SITE_CODE.fullmatch(text):
        return ("应为 10 位数字", "照政府网站开办时分配的标识码填写，加英文引号；"
                "网站没有标识码就不写这一项。")
    return None


def _badge_url(text: str) -> tuple[str, str] | None:
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname or re.search(r"[\s\"'<>]", text):
        return ("应为以 https:// 开头的网址", "填写机构编制部门为本站颁发的党政机关网站标识的证书页地址"
                "（标识旁提供的链接）。")
    return None


_CHECKS: dict[str, Callable[[str], tuple[str, str] | None]] = {
    "organizer": _text("organizer"),
    "operator": _text("operator"),
    "phone": _phone,
    "email": _email,
    "address": _text("address"),
    "icp": _icp,
    "police_record": _police,
    "site_code": _site_code,
    "badge_url": _badge_url,
}
