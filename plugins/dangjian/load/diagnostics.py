"""Diagnostics: every problem an editor can make, with a stable code, a place and a fix."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath

from dangjian.model.common import CONTROL_CLASS

# C0 and C1 controls (but tab and line feed), and the invisible marks that change the
# direction text is shown in (U+061C, U+200E/F, U+202A-202E, U+2066-2069); the schemas
# refuse the same characters
CONTROL_CHARS = re.compile(f"[{CONTROL_CLASS}]")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                              "\u2060-\u2069\ufeff]")

CODES: dict[str, tuple[str, str]] = {
    # code: (short title, how to fix) — documented in the editor guide.
    "DJ001": ("YAML 语法错误", "检查该行的缩进、冒号和引号是否成对。"),
    "DJ002": ("键重复", "同一层级的字段名只能出现一次，删除或合并重复的那一个。"),
    "DJ003": ("YAML 1.1 布尔值陷阱", "yes/no/on/off 会被读成真假值：要文字就加引号，要真假就写 true/false。"),
    "DJ004": ("时间被读成数字", "9:30 这类写法会被读成六十进制数字，请加引号写成 \"09:30\"。"),
    "DJ005": ("前导零数字", "0467 这类以 0 开头的数字会丢失前导零或被读成八进制，请加引号。"),
    "DJ006": ("全角冒号", "字段名后面要用半角冒号加空格“: ”，不能用全角“：”。"),
    "DJ007": ("缩进中有非法空白", "缩进只能用半角空格；删除制表符、全角空格或不换行空格。"),
    "DJ008": ("零宽字符", "文字中夹有看不见的零宽字符（常见于网页复制），请删除后重新输入。"),
    "DJ009": ("文件结构错误", "每个文件只能写一个条目，最外层是“字段: 值”的映射。"),
    "DJ010": ("文件编码错误", "请用 UTF-8 编码保存文件（在编辑器中选择“UTF-8”）。"),
    "DJ011": ("控制字符或文字方向控制符",
              "文字中夹有看不见的控制字符（如从右到左覆盖 \\u202e，常见于复制粘贴或转义写法），"
              "会让文字显示成另一个样子：删除它，重新输入这段文字。"),
    "DJ012": ("使用了锚点或别名", "数据文件中不能用 & 锚点和 * 别名：把要重复的内容直接写出来。"),
    "DJ013": ("文件名或文件夹名含有不允许的字符",
              "文件夹名和文件名只用中文、英文字母、数字、连字符和下划线；"
              "不能含 < > \" ' ` & # ? % 等符号、控制字符或看不见的字符。请改名。"),
    "DJ014": ("文件在项目文件夹之外",
              "数据文件、文档页和轨迹文件必须放在项目文件夹里：不要用指向项目外的链接（快捷方式），"
              "把文件本身复制到项目中。"),
    "DJ015": ("mkdocs.yml 中的设置有误",
              "按编辑指南修改 mkdocs.yml 中该插件的选项；拼错的选项名不会生效，所以必须改正。"),
    "DJ016": ("表格中的公式没有计算结果",
              "在 Excel 或 WPS 中打开表格、确认公式算出了结果后保存，再导入；"
              "或者把公式换成它的值（复制后“选择性粘贴 → 数值”）。"),
    "DJ017": ("表格比数据文件旧",
              "这张表格导出之后，品牌的文件又被修改过，导入会覆盖那些修改：重新导出表格、在新表格中修改后再导入；"
              "确认要覆盖时加 --force（make import FILE=… FORCE=1）。"),
    "DJ018": ("要删除的品牌不存在", "核对这一行的编号（或品牌名称与党组织名称）；不删除就把“删除”一格清空。"),
    "DJ101": ("未知字段", "检查字段名拼写；可用字段见编辑指南的字段参考。"),
    "DJ102": ("缺少必填字段", "补上这个字段。"),
    "DJ103": ("类型错误", "按字段参考填写正确类型；文字加引号，数字不加引号。"),
    "DJ104": ("取值不在允许范围内", "从提示列出的可选值中选择一个。"),
    "DJ105": ("取值格式错误", "按提示的格式填写。"),
    "DJ110": ("文件名与编号不符", "文件名必须是“编号.yml”：改文件名或改 id。"),
    "DJ111": ("编号重复", "每个条目的编号必须唯一（不区分大小写和全半角），请给其中一个改名。"),
    "DJ112": ("领域与文件夹不符", "品牌文件放在它所属领域的文件夹里：改 field，或把文件移到对应的文件夹。"),
    "DJ120": ("引用了不存在的编号", "检查编号拼写，或先添加被引用的条目。"),
    "DJ121": ("引用了非公开条目", "线路只能经过公开（public）的条目。"),
    "DJ122": ("站点没有坐标", "给被引用的条目补上 location，或从线路中移除该站点。"),
    "DJ123": ("轨迹文件找不到", "轨迹文件放在 routes/ 文件夹下，路径相对于 routes/。"),
    "DJ124": ("轨迹路径超出 routes/ 文件夹",
              "track 写相对于 routes/ 的路径，如 hongse-mishan-xing.geojson；"
              "不能以“/”开头，也不能用“..”跳出 routes/。"),
    "DJ130": ("坐标超出范围", "纬度在 -90 到 90 之间，经度在 -180 到 180 之间。"),
    "DJ131": ("坐标不在密山范围内",
              "核对坐标：密山市区的纬度约为 45.5、经度约为 131.9，"
              "写成 lat: 45.54 和 lon: 131.87 这样的小数。"),
    "DJ140": ("轨迹文件无法读取", "轨迹须是 UTF-8 编码的 GeoJSON（JSON）；检查该处的括号、逗号和引号。"),
    "DJ141": ("轨迹 GeoJSON 结构无效",
              "轨迹是 LineString 或 MultiLineString（可放在 Feature 中），每个坐标点是 [经度, 纬度]。"),
    "DJ142": ("轨迹含 crs 成员", "RFC 7946 不用 \"crs\"：删除它，坐标一律用 WGS-84 的 [经度, 纬度]。"),
    "DJ143": ("轨迹坐标超出经纬度范围", "GeoJSON 坐标顺序为 [经度, 纬度]；经纬度写反时请对调。"),
    "DJ144": ("轨迹点不在密山范围内", "核对坐标是否为 WGS-84 度数、顺序是否为 [经度, 纬度]。"),
    "DJ145": ("轨迹端点离站点太远", "轨迹应从它连接的站点出发、到达下一站；检查轨迹方向、站点顺序和坐标。"),
    "DJ150": ("图片缺少文字说明",
              "每张图片都要写 alt：用一句话说清图上是什么，如“纪念馆正门，门楣上是馆名”；"
              "读屏软件朗读它，图片打不开时也显示它。不要只写文件名或“图片”。"),
    "DJ151": ("图片文件找不到",
              "图片放在 data/images/ 文件夹下，src 写相对于 data/images/ 的路径，"
              "如 beidahuang/zhengmen.jpg；检查文件名的拼写和大小写。"),
    "DJ152": ("图片路径超出 data/images/ 文件夹",
              "src 写相对于 data/images/ 的路径，用“/”分隔文件夹；不能以“/”开头，"
              "不能用“..”跳出 data/images/，也不能是指向别处的链接（快捷方式）：把图片本身复制进来。"),
    "DJ153": ("不是可用的图片",
              "图片须是 JPEG、PNG、WebP 或 GIF 格式：用看图软件打开确认文件完好，"
              "另存为 JPEG 后再放进 data/images/（只改扩展名没有用）。"),
    "DJ154": ("图片太大",
              "把图片缩小后再放进 data/images/：长边 3000 像素、几 MB 以内就足够清晰，"
              "网站会自动生成适合手机的尺寸；上限可在 mkdocs.yml 中 dangjian/content 的 "
              "images_max_bytes（字节）和 images_max_pixels（像素数）调整。"),
    "DJ160": ("动态引用了不存在的编号",
              "related 中写条目的编号（数据文件名去掉 .yml），如 beidahuang-jinianguan；"
              "检查拼写，或先添加该条目。"),
    "DJ161": ("动态引用了非公开条目",
              "动态只能关联公开（public）的条目：从 related 中删除它，或核实后将该条目公开。"),
    "DJ162": ("动态的属性有误",
              "每篇动态开头用 --- 包围属性，至少写 date（如 2024-07-01）和 title；"
              "categories 和 related 写成列表，如 [主题党日]。"),
    # DJ2xx: the post-build guard (what reached site/ and must not have)
    "DJ201": ("内部条目的内容出现在网站上",
              "visibility: internal 的条目不得发布：删除引用它的文字或链接；"
              "确需公开时，核实后改为 visibility: public。"),
    "DJ202": ("内部字段的内容出现在网站上",
              "contact（内部联系人）和 internal_notes（内部备注）只供内部使用："
              "不要把其中的内容写进公开的字段或文档页。"),
    "DJ203": ("发现手机号码",
              "个人手机号码不得发布：删除它，改填办公座机；"
              "确为对外公布的办公号码时，加入 mkdocs.yml 中 dangjian/guard 的 allow_phones 列表。"),
    "DJ204": ("发现身份证号码", "身份证号码属于个人信息，不得发布：从数据文件或文档页中删除。"),
    "DJ205": ("发现边防敏感内容",
              "执勤点在哪里、什么时候巡逻、由谁值守，这些都涉及边防安全，不得发布："
              "删掉这些具体内容，只写数量（例如“设置执勤点26个”）。"),
    "DJ206": ("文字中写有经纬度",
              "经纬度只写在条目的 location 字段里（页面按它画图）；正文、简介和文档页中不要写经纬度。"),
    "DJ210": ("链接的页面或文件不存在",
              "检查链接地址：文档页之间用相对路径链接到 .md 文件，条目页地址是“栏目/编号/”；"
              "被链接的条目须为 public。"),
    "DJ211": ("链接的锚点不存在",
              "“#”后面的锚点要与目标页面中的标题锚点一致：中文标题的锚点就是标题文字"
              "（小写、空格换成连字符）。"),
    "DJ220": ("页面中出现可执行的标记",
              "数据和文档页中不得写入 <script>、<iframe>、onclick 等事件属性或 javascript:/data: 地址："
              "删除这些内容，只写文字和 Markdown。"),
    "DJ221": ("不允许发布的文件类型",
              "网站只发布网页、图片和文本数据：删除这个文件，或把它的扩展名加入 mkdocs.yml 中 "
              "dangjian/guard 的 allow_binary 列表（确认其中没有内部内容和个人信息后）。"),
    "DJ223": ("页面从其他网站加载资源",
              "网站不从其他网站加载图片、脚本、样式或字体（访问者的浏览记录会因此外泄，"
              "在国内也常常打不开）：把文件放进 docs/，用相对路径引用；"
              "条目的照片放进 data/images/，写在条目的 images 中。"),
    "DJ222": ("页面缺少内容安全策略",
              "页面须使用主题模板生成（docs/overrides/main.html 写入策略）："
              "不要在 docs/ 中放置手写的完整 HTML 页面。"),
    "DJ224": ("发布的图片带有拍摄信息",
              "照片里的 EXIF、GPS、XMP、IPTC 信息会泄露拍摄地点、时间和设备，"
              "边境村的照片尤其不能带 GPS 位置："
              "不要把照片直接放进 docs/，放进 data/images/ 并写在条目的 images 中，网站会去掉这些信息；"
              "或者先用修图软件去掉照片的位置和拍摄信息再放进 docs/。"),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # control and direction characters are written as escapes, never raw: a terminal or
        # a page shows what is there instead of obeying it
        for name in ("path", "message", "hint"):
            text = getattr(self, name)
            if _TERMINAL_UNSAFE.search(text):
                object.__setattr__(self, name, escape_controls(text))

    def format(self) -> str:
        """`path:line:col: CODE message` and, on the next line, the hint."""
        head = f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"
        hint = self.hint or CODES.get(self.code, ("", ""))[1]
        return f"{head}\n    提示：{hint}" if hint else head


def escape_controls(text: str) -> str:
    """text with every control, direction or invisible character written as \\uXXXX, so that a
    terminal or a page shows what is there instead of obeying it."""
    if not _TERMINAL_UNSAFE.search(text):
        return text
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def describe_control(char: str) -> str:
    """`文字方向控制符 U+202E（\\u202e）` for one character CONTROL_CHARS matches."""
    kind = "文字方向控制符" if char in _BIDI else "控制字符"
    return f"{kind} U+{ord(char):04X}（\\u{ord(char):04x}）"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in a text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def display_path(path: Path, root: Path) -> str:
    """A path as the editor sees it: relative to the project root, with forward slashes."""
    # a file that is not a link resolves where its folder does (one folder resolved for all
    # its files, instead of every path component of every file); string operations, as
    # Path.relative_to would give them
    text = os.fspath(path)
    if os.path.islink(text) or path.name == "..":
        resolved = os.fspath(path.resolve())
    else:
        head, name = os.path.split(text)
        resolved = os.path.join(_resolved(head or "."), name) if name else _resolved(text)
    base = _resolved(os.fspath(root))
    if resolved == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if resolved.startswith(prefix):
        return PurePath(resolved[len(prefix):]).as_posix()
    return path.as_posix()


@lru_cache(maxsize=1024)
def _resolved(folder: str) -> str:
    return os.fspath(Path(folder).resolve())


def forget_resolved() -> None:
    """Resolve folders again from now on (a folder may have become a link since)."""
    _resolved.cache_clear()


def format_all(diagnostics: list[Diagnostic]) -> str:
    """Every diagnostic, sorted by file and line, and a count."""
    lines = [d.format() for d in sorted(diagnostics)]
    files = len({d.path for d in diagnostics})
    lines.append(f"共 {len(diagnostics)} 个问题，涉及 {files} 个文件。")
    return "\n".join(lines)
