"""The bad files of the loader's tests, in one list: what an editor gets wrong and the
diagnostic `dangjian check` answers with, and whether the JSON Schema an editor's YAML plugin
reads says it too (tests/test_schema_parity.py), and if it cannot, why.

Each case is a file of the small project of tests/helpers.py with one mistake in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.helpers import BRAND, ROUTE, SCHOOL, SITE

B = "data/brands/农村/nc-test-01.yml"
S = "data/sites/test-site.yml"
R = "routes/test-route.yml"

YAML12 = "YAML 1.2"
"""An editor's YAML plugin reading YAML 1.2, the usual default (yaml.yamlVersion)."""
YAML11 = "YAML 1.1"
"""An editor's YAML plugin set to read YAML 1.1."""
BOTH = frozenset({YAML12, YAML11})
ONLY_12 = frozenset({YAML12})
NEITHER: frozenset[str] = frozenset()


def brand_with(old: str, new: str) -> str:
    assert old in BRAND
    return BRAND.replace(old, new, 1)


def site_with(old: str, new: str) -> str:
    assert old in SITE
    return SITE.replace(old, new, 1)


def route_with(old: str, new: str) -> str:
    assert old in ROUTE
    return ROUTE.replace(old, new, 1)


@dataclass(frozen=True)
class BadFile:
    """One file with a mistake, the loader's diagnostic for it, and what the schema makes of it."""

    name: str
    rel: str  # the file, relative to the project
    text: str | bytes
    code: str  # the diagnostic the loader gives for this file
    where: tuple[int, int] | None = None  # its line and column, where the loader's test pins them
    schema: frozenset[str] = BOTH  # the readings under which the schema refuses the file too
    reason: str = ""  # why it does not, under a reading missing from schema
    others: dict[str, str] = field(default_factory=dict)  # more files the mistake needs

    @property
    def kind(self) -> str:
        """The kind the file is read as, by its folder."""
        for prefix, kind in (("data/sites/", "site"), ("data/schools/", "school"),
                             ("data/brands/", "brand"), ("routes/", "route")):
            if self.rel.startswith(prefix):
                return kind
        raise AssertionError(f"no kind for {self.rel}")

    @property
    def expected(self) -> str:
        """`path:line:col: CODE` as the loader's test expects it at the start of a diagnostic."""
        assert self.where is not None
        return f"{self.rel}:{self.where[0]}:{self.where[1]}: {self.code}"


# Why a schema cannot say what the loader says: one sentence for each kind of reason.
NOT_YAML = "not YAML: the plugin's own parser reports it, and no schema applies to a file that does not parse"
DUPLICATE_KEY = ("a key written twice is a YAML error (YAML 1.2 keys are unique): the plugin's parser "
                 "reports it; a schema sees one value per key")
UNREADABLE = "YAML allows only printable characters: the raw control makes the plugin refuse the file"
ANCHORS = "anchors and aliases are resolved by the YAML reader before a schema sees any value"
FILE_NAME = "about the file's name or folder, which a schema never sees"
CROSS_FILE = "needs the other files of the project (ids, what a route stops at, the track file)"
AREA = "the area is configured in mkdocs.yml; the schemas are made from the models alone"
ORDER = "comparing two times is arithmetic, which a pattern cannot do"
LEGS = "relates the lengths of two lists, which JSON Schema cannot compare"
PROSE = ("found in the published text after the shared normalisation (full-width digits, separators, "
         "traditional characters folded) and the allow lists of mkdocs.yml: no pattern says it")
NUMBER_AS_READ = "YAML reads it as a number (60, or 48 in YAML 1.1): a valid number of minutes"
INTEGRAL_FLOAT = "JSON Schema counts 60.0 as an integer; pydantic's strict mode wants it written 60"
BOOL_AS_READ = "YAML 1.1 reads yes as true, a valid true/false value: only the text shows it was yes"
IMAGE_FILE = "about the picture file under data/images/ (is it there, is it a picture), which no schema sees"

NO_CASE: dict[str, str] = {
    # the loader's diagnostics that no single data file shows, and why no schema can
    "DJ014": "a link to outside the project is found on the disk, not in any file's text",
    "DJ015": "about mkdocs.yml, which has no schema here",
    "DJ016": "about a spreadsheet being imported, before any YAML is written",
    "DJ017": "about a spreadsheet being imported, before any YAML is written",
    "DJ018": "about a spreadsheet being imported, before any YAML is written",
    "DJ140": "about the GeoJSON track file, which no schema here describes",
    "DJ141": "about the GeoJSON track file, which no schema here describes",
    "DJ142": "about the GeoJSON track file, which no schema here describes",
    "DJ143": "about the GeoJSON track file, which no schema here describes",
    "DJ144": "about the GeoJSON track file and the project's area",
    "DJ145": "compares the GeoJSON track with the stops' positions in other files",
    "DJ154": "measures the picture under data/images/ against the budget set in mkdocs.yml",
    "DJ160": "about a news post's front matter under docs/, which no data schema describes",
    "DJ161": "about a news post's front matter under docs/, which no data schema describes",
    "DJ162": "about a news post's front matter under docs/, which no data schema describes",
}

DIAGNOSTIC_CASES: list[BadFile] = [
    BadFile("duplicate_key", B, BRAND + "town: 知一镇\n", "DJ002", (15, 1), NEITHER, DUPLICATE_KEY),
    BadFile("yaml11_no", B, brand_with("slogan: 党建引领促振兴", "slogan: NO"), "DJ003", (7, 9)),
    BadFile("yaml11_on", B, brand_with("slogan: 党建引领促振兴", "slogan: on"), "DJ003", (7, 9)),
    BadFile("sexagesimal_time", S, site_with('tue: "09:00-16:30"', "tue: 9:30"), "DJ004", (13, 8)),
    BadFile("leading_zero", S, site_with('phone: "0467-0000001"', "phone: 0467"), "DJ005", (16, 10)),
    BadFile("fullwidth_colon", B, brand_with("slogan: 党建", "slogan：党建"), "DJ006", (7, 7), NEITHER, NOT_YAML),
    BadFile("tab_indent", B, brand_with("  - 做法一", "\t- 做法一"), "DJ007", (10, 1), NEITHER, NOT_YAML),
    BadFile("ideographic_space_indent", B, brand_with("  - 做法一", "\u3000\u3000- 做法一"), "DJ007", (10, 1),
            NEITHER, NOT_YAML),
    BadFile("nbsp_indent", B, brand_with("  - 做法一", "\u00a0\u00a0- 做法一"), "DJ007", (10, 1), NEITHER, NOT_YAML),
    BadFile("zero_width", B, brand_with("name: 红色引擎", "name: 红色\u200b引擎"), "DJ008", (2, 9)),
    BadFile("unknown_field_typo", B, brand_with("slogan:", "slogen:"), "DJ101", (7, 1)),
    BadFile("unknown_nested_field", S, site_with("  approximate: true", "  aproximate: true"), "DJ101", (8, 3)),
    BadFile("wrong_type_number_for_text", B, brand_with("slogan: 党建引领促振兴", "slogan: 12345"), "DJ103", (7, 9)),
    BadFile("wrong_type_text_for_int", S, site_with("visit_minutes: 60", "visit_minutes: 六十"), "DJ103", (10, 16)),
    BadFile("missing_required", B, brand_with("org: 当壁镇某村党支部（示例）\n", ""), "DJ102", (1, 1)),
    BadFile("missing_nested_required", S, site_with("  lon: 131.83\n", ""), "DJ102", (6, 3)),
    BadFile("literal_not_allowed", B, brand_with("field: 农村", "field: 农业"), "DJ104", (4, 8)),
    BadFile("bad_hours", S, site_with('tue: "09:00-16:30"', 'tue: "9点到4点"'), "DJ105", (13, 8)),
    BadFile("personal_mobile_as_phone", S, site_with('phone: "0467-0000001"', 'phone: "13800000000"'), "DJ105",
            (16, 10)),
    BadFile("bad_id_format", B, brand_with("id: nc-test-01", "id: NC_Test"), "DJ105", (1, 5)),
    BadFile("file_name_not_id", B, brand_with("id: nc-test-01", "id: nc-test-02"), "DJ110", (1, 5), NEITHER,
            FILE_NAME),
    BadFile("coordinates_out_of_range", S, site_with("lat: 45.54", "lat: 131.83").replace("lon: 131.83", "lon: 45.54"),
            "DJ130", (6, 3)),
    BadFile("coordinates_outside_area", S, site_with("lat: 45.54", "lat: 39.9").replace("lon: 131.83", "lon: 116.4"),
            "DJ131", (6, 3), NEITHER, AREA),
    BadFile("syntax_error", B, brand_with("practices:\n  - 做法一", "practices: [做法一"), "DJ001", (10, 8),
            NEITHER, NOT_YAML),
    BadFile("not_a_mapping", B, "- 一个列表\n", "DJ009", (1, 1)),
    BadFile("empty_file", B, "", "DJ009", (1, 1)),
    BadFile("two_documents", B, BRAND + "---\nid: x\n", "DJ009", (15, 1), NEITHER,
            "a schema applies to one document; the plugin checks each document of the file on its own"),
]
"""One file for each diagnostic, each at the place the loader must report it."""

USUAL_MISTAKES: list[tuple[tuple[str, str], int, str]] = [
    # (the line as it should be, as written), the line the loader reports, words of its message
    (("summary: 示例品牌的简介。", "summary:示例品牌的简介。"), 8, "缺少空格"),
    (("summary: 示例品牌的简介。", "summary: 简介: 示例品牌"), 8, "含有“: ”"),
    (("name: 红色引擎", 'name: "红色引擎'), 2, "双引号没有闭合"),
]
"""The syntax mistakes editors make most, which the loader names and mends in memory."""

RAW_CONTROLS: list[tuple[str, str]] = [
    ("\u202e", "文字方向控制符"), ("\u202a", "文字方向控制符"), ("\u2066", "文字方向控制符"),
    ("\u2069", "文字方向控制符"), ("\u200e", "文字方向控制符"), ("\u200f", "文字方向控制符"),
    ("\x1b", "控制字符"), ("\x07", "控制字符"), ("\x7f", "控制字符"), ("\x9b", "控制字符"),
]
"""Control and direction characters written raw into a value, and what the loader calls them."""

ESCAPED_CONTROLS: list[str] = ["\\u202e", "\\x07", "\\e", "\\U00002066", "\\r"]
"""Control characters written as escapes in a double-quoted value."""

TRACK_ESCAPES: list[tuple[str, str]] = [
    ("/etc/passwd", "是绝对路径"),
    ("C:/Windows/win.ini", "是绝对路径"),
    ("../mkdocs.yml", "用“..”跳出了 routes/ 文件夹"),
    ("a/../../data/brands/农村/nc-test-01.yml", "用“..”跳出了 routes/ 文件夹"),
    ("..\\\\mkdocs.yml", "用“..”跳出了 routes/ 文件夹"),
]
"""Track paths that leave routes/ as written (DJ124), and the words of the loader's message."""

FOLDER_NAMES: list[tuple[str, str]] = [
    ('农村"><i onmouseover=alert(1)>', "含有“\"”、“>”、“<”"),
    ("农村'&`", "含有“'”、“&”、“`”"),
    ("农村\u202e", "含有文字方向控制符 U+202E（\\u202e）"),
    ("农村\x07", "含有控制字符 U+0007（\\u0007）"),
    ("农村\u200b", "含有看不见的字符 U+200B"),
]
"""Brand folder names with markup or invisible characters (DJ013), and what the loader says."""

ANCHORED: list[tuple[str, tuple[int, int], str]] = [
    (brand_with("slogan: 党建引领促振兴", "slogan: &s 党建引领促振兴"), (7, 9), "使用了锚点“&s”"),
    (brand_with("results:\n  - 成效一", "results:\n  - &r 成效一\n  - *r"), (13, 5), "使用了别名“*r”"),
    (brand_with("practices:\n  - 做法一", "practices: &p\n  - 做法一"), (9, 12), "使用了锚点“&p”"),
]
"""Anchors and aliases (DJ012), where the loader reports each, and its message."""


def route_with_track(track: str) -> tuple[str, int]:
    """The route with a track: line, and that line's number."""
    text = ROUTE.replace("visibility: public", f'track: "{track}"\nvisibility: public')
    return text, text.splitlines().index(f'track: "{track}"') + 1


def _reading_cases() -> list[BadFile]:
    mistakes = [BadFile(f"usual_mistake_{n}", B, BRAND.replace(*mistake), "DJ001", None, NEITHER, NOT_YAML)
                for n, (mistake, _, _) in enumerate(USUAL_MISTAKES, start=1)]
    raw = [BadFile(f"raw_control_u{ord(c):04x}", B, brand_with("slogan: 党建引领促振兴", f"slogan: 党建{c}引领促振兴"),
                   "DJ011", (7, 11), *((BOTH, "") if kind == "文字方向控制符" else (NEITHER, UNREADABLE)))
           for c, kind in RAW_CONTROLS]
    escaped = [BadFile(f"escaped_control_{n}", B, brand_with("slogan: 党建引领促振兴", f'slogan: "党建{e}引领"'),
                       "DJ011", (7, 9)) for n, e in enumerate(ESCAPED_CONTROLS, start=1)]
    anchors = [BadFile(f"anchor_{n}", B, text, "DJ012", where, NEITHER, ANCHORS)
               for n, (text, where, _) in enumerate(ANCHORED, start=1)]
    return [
        *mistakes, *raw, *escaped, *anchors,
        BadFile("gbk_encoding", B, BRAND.encode("gb18030"), "DJ010", (2, 7), NEITHER,
                "a file that is not UTF-8 is not read as YAML at all"),
        BadFile("unknown_tag", B, brand_with("slogan: 党建引领促振兴", "slogan: !!python/name:os.system"), "DJ009",
                (7, 9), NEITHER, NOT_YAML),
        BadFile("yes_for_true_or_false", S, site_with("  approximate: true", "  approximate: yes"), "DJ003", (8, 16),
                ONLY_12, BOOL_AS_READ),
        BadFile("leading_zero_minutes", S, site_with("visit_minutes: 60", "visit_minutes: 060"), "DJ005", (10, 16),
                NEITHER, NUMBER_AS_READ),
    ]


def _value_cases() -> list[BadFile]:
    source = "sources:\n  - title: 某报道\n    url: {}\nvisibility: public"
    tracks = [BadFile(f"track_escape_{n}", R, text, "DJ124", (line, 8))
              for n, (track, _) in enumerate(TRACK_ESCAPES, start=1)
              for text, line in [route_with_track(track)]]
    return [
        *tracks,
        BadFile("dash_without_space", B, brand_with("  - 做法一", "  -做法一"), "DJ103", (10, 3)),
        BadFile("every_field_missing", B, "id: nc-test-01\nfield: 农村\n", "DJ102", (1, 1)),
        BadFile("nested_fields_missing", B, brand_with("visibility: public",
                                                       "location:\n  approximate: true\nvisibility: public"),
                "DJ102", (14, 3)),
        BadFile("url_without_scheme", B, brand_with("visibility: public", source.format("www.example.com")),
                "DJ105", (15, 10)),
        BadFile("url_javascript", B, brand_with("visibility: public", source.format('"javascript:alert(1)"')),
                "DJ105", (15, 10)),
        BadFile("latitude_132", B, brand_with("visibility: public", "location:\n  lat: 132\n  lon: 45.5\n"
                                              "visibility: public"), "DJ130", (14, 3)),
        BadFile("empty_text", B, brand_with("slogan: 党建引领促振兴", 'slogan: ""'), "DJ105", (7, 9)),
        BadFile("group_of_none", S, site_with("max_group: 40", "max_group: 0"), "DJ105", (17, 12)),
        BadFile("one_stop", R, route_with("  - ref: test-school\n    minutes: 45\n", ""), "DJ105", (6, 3)),
        BadFile("unknown_sample_field", B, brand_with("sample: true", "sample: true\nsample_fields: [slogen]"),
                "DJ104", (1, 1)),
        BadFile("integral_float_minutes", S, site_with("visit_minutes: 60", "visit_minutes: 60.0"), "DJ103",
                (10, 16), NEITHER, INTEGRAL_FLOAT),
        BadFile("hours_in_wrong_order", S, site_with('tue: "09:00-16:30"', 'tue: "16:30-09:00"'), "DJ105", (13, 8),
                NEITHER, ORDER),
        BadFile("legs_do_not_match_stops", R, route_with("visibility: public", "legs:\n  - km: 5\n  - km: 6\n"
                                                         "visibility: public"), "DJ105", (1, 1), NEITHER, LEGS),
    ]


def site_with_image(src: str, alt: str | None = "纪念馆正门") -> str:
    """The site with one image at its end: its src at line SITE_IMAGE_LINE, column 10."""
    return SITE + f'images:\n  - src: "{src}"\n' + (f"    alt: {alt}\n" if alt is not None else "")


SITE_IMAGE_LINE = SITE.count("\n") + 2


def _image_cases() -> list[BadFile]:
    at = (SITE_IMAGE_LINE, 10)
    return [
        BadFile("image_without_alt", S, site_with_image("a.jpg", None), "DJ150", (SITE_IMAGE_LINE, 5)),
        BadFile("image_file_missing", S, site_with_image("zhengmen.jpg"), "DJ151", at, NEITHER, IMAGE_FILE),
        BadFile("image_outside_its_folder", S, site_with_image("../../mkdocs.yml"), "DJ152", at),
        BadFile("image_absolute", S, site_with_image("/etc/passwd"), "DJ152", at),
        BadFile("image_not_a_picture", S, site_with_image("a.jpg"), "DJ153", at, NEITHER, IMAGE_FILE,
                {"data/images/a.jpg": "<html>not a picture</html>"}),
    ]


def _project_cases() -> list[BadFile]:
    folders = [BadFile(f"folder_name_{n}", f"data/brands/{folder}/nc-test-02.yml",
                       brand_with("id: nc-test-01", "id: nc-test-02"), "DJ013", (1, 1), NEITHER, FILE_NAME)
               for n, (folder, _) in enumerate(FOLDER_NAMES, start=1)]
    internal_school = SCHOOL.replace("visibility: public", "visibility: internal")
    return [
        *folders,
        BadFile("duplicate_id", "data/brands/机关/nc-test-01.yml", brand_with("field: 农村", "field: 机关"), "DJ111",
                (1, 5), NEITHER, CROSS_FILE),
        BadFile("field_not_its_folder", B, brand_with("field: 农村", "field: 机关"), "DJ112", (4, 8), NEITHER,
                FILE_NAME),
        BadFile("stop_to_unknown_id", R, route_with("ref: test-school", "ref: test-schol"), "DJ120", (8, 10),
                NEITHER, CROSS_FILE),
        BadFile("stop_to_internal_entity", R, ROUTE, "DJ121", (8, 10), NEITHER, CROSS_FILE,
                {"data/schools/test-school.yml": internal_school}),
        BadFile("stop_without_coordinates", R, route_with("ref: test-school", "ref: nc-test-01"), "DJ122", (8, 10),
                NEITHER, CROSS_FILE),
        BadFile("missing_track_file", R, route_with_track("missing.geojson")[0], "DJ123", (10, 8), NEITHER,
                CROSS_FILE),
        BadFile("mobile_in_prose", B, brand_with("summary: 示例品牌的简介。", "summary: 联系书记 13800138000。"),
                "DJ203", None, NEITHER, PROSE),
        BadFile("coordinates_in_prose", B, brand_with("summary: 示例品牌的简介。", "summary: 湖边一处在 N45.3312 E132.4410。"),
                "DJ206", None, NEITHER, PROSE),
    ]


CASES: list[BadFile] = [*DIAGNOSTIC_CASES, *_reading_cases(), *_value_cases(), *_project_cases(),
                        *_image_cases()]
"""Every bad file, once."""
