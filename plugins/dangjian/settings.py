"""Project settings shared by the CLI and the MkDocs plugins.

The options live in mkdocs.yml under the `dangjian/content` plugin, so that the site, the
CLI and CI read one place. The CLI reads them without starting MkDocs.
"""

from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING, Any, cast

import yaml

if TYPE_CHECKING:
    from dangjian.load.diagnostics import Diagnostic

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass(frozen=True)
class Area:
    """The box every published position must fall in (WGS-84 degrees)."""

    south: float = 44.9
    west: float = 131.0
    north: float = 46.1
    east: float = 133.3
    name: str = "密山市及兴凯湖沿岸"

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class Settings:
    """Where the data lives and the options editors may change in mkdocs.yml."""

    root: Path
    data_dir: str = "data"
    routes_dir: str = "routes"
    area: Area = field(default_factory=Area)
    options: dict[str, Any] = field(default_factory=dict)
    docs_dir: str = "docs"  # MkDocs' docs_dir: relative to root, or absolute

    @property
    def data_path(self) -> Path:
        return self.root / self.data_dir

    @property
    def routes_path(self) -> Path:
        return self.root / self.routes_dir

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir


class SettingsError(Exception):
    """mkdocs.yml cannot be read, or its dangjian options are wrong: every problem, located."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing the Python objects its tags name."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)


@dataclass
class ProjectConfig:
    """mkdocs.yml as read: its values, and the nodes that say where each was written."""

    file: Path
    rel: str
    data: dict[str, Any]
    node: yaml.MappingNode | None

    def plugins(self) -> list[tuple[str, Any, yaml.Node | None, yaml.Node | None]]:
        """(name, options, name node, options node) for every plugin listed."""
        listed = self.data.get("plugins") or []
        node = _value_node(self.node, "plugins")
        if isinstance(listed, dict):
            return [(str(name), options, _key_node(node, str(name)), _value_node(node, str(name)))
                    for name, options in listed.items()]
        if not isinstance(listed, list):
            return []
        items = node.value if isinstance(node, yaml.SequenceNode) else []
        found: list[tuple[str, Any, yaml.Node | None, yaml.Node | None]] = []
        for index, entry in enumerate(listed):
            item = items[index] if index < len(items) else None
            if isinstance(entry, str):
                found.append((entry, None, item, None))
            elif isinstance(entry, dict):
                found.extend((str(name), options, _key_node(item, str(name)), _value_node(item, str(name)))
                             for name, options in entry.items())
        return found

    def options(self, plugin: str) -> tuple[dict[str, Any], yaml.Node | None]:
        for name, options, key, value in self.plugins():
            if name == plugin:
                return (dict(options) if isinstance(options, dict) else {}), value or key
        return {}, None

    def node_at(self, *keys: str) -> yaml.Node | None:
        """Where the value at keys (mapping keys, outermost first) is written: its node, else
        that of the innermost one written (None when not even the first is)."""
        node: yaml.Node | None = self.node
        found: yaml.Node | None = None
        for key in keys:
            value = _value_node(node, key)
            found = value or found
            if value is None:
                break
            node = value
        return found

    def at(self, node: yaml.Node | None, code: str, message: str, hint: str = "") -> Diagnostic:
        from dangjian.load.diagnostics import Diagnostic

        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        return Diagnostic(self.rel, line, col, code, message, hint)


def _value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    return None


def _key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node
    return None


def config_file(root: Path) -> Path | None:
    """The project's mkdocs.yml (or mkdocs.yaml), or None when there is neither."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def read_config(file: Path, rel: str = "") -> ProjectConfig:
    """mkdocs.yml parsed once, for values and positions; raises SettingsError when it cannot be."""
    from dangjian.load.diagnostics import Diagnostic
    from dangjian.load.yamlsource import decode, syntax_problem

    rel = rel or file.name
    text, problem = decode(file.read_bytes())
    if text is None:
        assert problem is not None
        raise SettingsError([Diagnostic(rel, problem.line, problem.col, problem.code, problem.message)])
    loader = _TolerantLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as err:
        found = syntax_problem(err)
        raise SettingsError([Diagnostic(rel, found.line, found.col, "DJ001", found.message)]) from None
    except RecursionError:
        raise SettingsError([Diagnostic(rel, 1, 1, "DJ001", "嵌套层数过深，无法读取")]) from None
    finally:
        loader.dispose()
    config = ProjectConfig(file, rel, {}, node if isinstance(node, yaml.MappingNode) else None)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError([config.at(node, "DJ015", "mkdocs.yml 最外层应是“设置名: 值”的映射",
                                       "按 MkDocs 的格式书写 mkdocs.yml，如 site_name: …")])
    config.data = data
    return config


def plugin_options(config_file: Path, plugin: str = "dangjian/content") -> dict[str, Any]:
    """The options of one plugin as written in mkdocs.yml ({} when absent); raises
    SettingsError when mkdocs.yml cannot be read."""
    if not config_file.is_file():
        return {}
    return read_config(config_file).options(plugin)[0]


# The options of dangjian/content (mkdocs/content.py ContentConfig): name -> (type, in words)
CONTENT_OPTIONS: dict[str, tuple[type, str]] = {
    "enabled": (bool, "true 或 false"),
    "data_dir": (str, "文字（文件夹名）"),
    "routes_dir": (str, "文字（文件夹名）"),
    "area": (dict, "映射（south、west、north、east、name）"),
    "nav_cache": (bool, "true 或 false"),
    "edit_links": (bool, "true 或 false"),
    "publish": (bool, "true 或 false"),
    "images_max_bytes": (int, "整数（字节数，如 8388608 即 8 MB）"),
    "images_max_pixels": (int, "整数（像素数，如 40000000）"),
}
_AREA_KEYS = ("south", "west", "north", "east", "name")


def _folder_problem(value: str) -> str | None:
    """Why a folder option is not a plain relative folder inside the project, or None."""
    slashed = value.replace("\\", "/")
    if not value.strip():
        return "不能为空"
    if slashed.startswith("/") or PureWindowsPath(value).drive:
        return "不能是绝对路径"
    normal = posixpath.normpath(slashed)
    if normal in (".", "..") or normal.startswith("../"):
        return "不能用“..”跳出项目文件夹，也不能是项目文件夹本身"
    return None


def content_problems(config: ProjectConfig, plugin: str = "dangjian/content") -> list[Diagnostic]:
    """Every unknown or wrong option of dangjian/content, at the place it is written."""
    options, node = config.options(plugin)
    raw = next((o for name, o, _, _ in config.plugins() if name == plugin), None)
    if raw is not None and not isinstance(raw, dict):
        return [config.at(node, "DJ015", f"{plugin} 的选项应是“选项名: 值”的映射")]
    problems: list[Diagnostic] = []
    hint = "可用选项：" + "、".join(CONTENT_OPTIONS)
    for key, value in options.items():
        where = _value_node(node, str(key))
        if value is None and key in CONTENT_OPTIONS:
            continue  # as MkDocs reads it: the default
        if key not in CONTENT_OPTIONS:
            import difflib

            close = difflib.get_close_matches(str(key), list(CONTENT_OPTIONS), n=1)
            problems.append(config.at(_key_node(node, str(key)), "DJ015", f"{plugin} 没有选项“{key}”",
                                      f"是不是想写“{close[0]}”？" if close else hint))
            continue
        kind, words = CONTENT_OPTIONS[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            problems.append(config.at(where, "DJ015", f"{plugin} 的选项“{key}”应为{words}"))
        elif key in ("data_dir", "routes_dir"):
            why = _folder_problem(str(value))
            if why:
                problems.append(config.at(where, "DJ015", f"{plugin} 的选项“{key}”（{value}）{why}",
                                          "写项目文件夹里的文件夹名，如 data 或 routes。"))
        elif key == "area":
            problems.extend(_area_problems(config, plugin, cast(dict[Any, Any], value), where))
    return problems


def _area_problems(config: ProjectConfig, plugin: str, area: dict[Any, Any],
                   node: yaml.Node | None) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    numbers: dict[str, float] = {}
    limits = {"south": 90, "north": 90, "west": 180, "east": 180}
    for key, value in area.items():
        where = _value_node(node, str(key))
        if key not in _AREA_KEYS:
            problems.append(config.at(_key_node(node, str(key)), "DJ015", f"{plugin} 的 area 没有“{key}”",
                                      "area 可写：" + "、".join(_AREA_KEYS)))
        elif key == "name":
            if not isinstance(value, str) or not value.strip():
                problems.append(config.at(where, "DJ015", f"{plugin} 的 area.name 应为文字"))
        elif (isinstance(value, bool) or not isinstance(value, int | float)
              or not math.isfinite(value) or abs(value) > limits[key]):
            problems.append(config.at(where, "DJ015", f"{plugin} 的 area.{key} 应为度数（数字）",
                                      "纬度在 -90 到 90 之间，经度在 -180 到 180 之间，如 south: 44.9。"))
        else:
            numbers[key] = float(value)
    for low, high in (("south", "north"), ("west", "east")):
        if low in numbers and high in numbers and numbers[low] >= numbers[high]:
            problems.append(config.at(_value_node(node, low), "DJ015",
                                      f"{plugin} 的 area.{low} 应小于 area.{high}",
                                      "south/north 是南北边界的纬度，west/east 是东西边界的经度。"))
    return problems


def from_options(root: Path, options: dict[str, Any], *, docs_dir: str = "docs") -> Settings:
    """Settings from a plugin's options (mkdocs.yml) with the defaults filled in."""
    area_opts = options.get("area") or {}
    area = Area(**{k: area_opts[k] for k in ("south", "west", "north", "east", "name") if k in area_opts})
    return Settings(
        root=root,
        data_dir=options.get("data_dir") or "data",
        routes_dir=options.get("routes_dir") or "routes",
        area=area,
        options=options,
        docs_dir=docs_dir,
    )


def load_settings(root: Path) -> Settings:
    """Settings for a project folder, read from its mkdocs.yml when there is one; raises
    SettingsError when mkdocs.yml cannot be read or its dangjian/content options are wrong."""
    root = root.resolve()
    file = config_file(root)
    if file is None:
        return from_options(root, {})
    config = read_config(file)
    problems = content_problems(config)
    docs_dir = config.data.get("docs_dir", "docs")
    if not isinstance(docs_dir, str) or not docs_dir.strip():
        problems.append(config.at(_value_node(config.node, "docs_dir"), "DJ015", "docs_dir 应为文件夹名"))
    if problems:
        raise SettingsError(problems)
    return from_options(root, config.options("dangjian/content")[0], docs_dir=docs_dir)


_TYPE_WORDS = {bool: "true 或 false", str: "文字", int: "整数", float: "数字（如 1.5）",
               dict: "映射（“选项名: 值”）", list: "列表"}


def _expected(option: Any) -> str:
    """An MkDocs config option's expected value, in words."""
    from mkdocs.config import config_options as c

    if isinstance(option, c.Optional):
        return _expected(option.option)
    if isinstance(option, c.ListOfItems):
        return "列表（每项以“- ”开头）"
    kind = getattr(option, "_type", None)
    if isinstance(kind, tuple):
        return " 或 ".join(_TYPE_WORDS.get(k, k.__name__) for k in kind)
    return _TYPE_WORDS.get(kind, "") if isinstance(kind, type) else ""


def plugin_problems(config: ProjectConfig) -> list[Diagnostic]:
    """The options of every other dangjian/* plugin, validated as MkDocs will validate them
    when it builds (unknown names included), at the place they are written. A plugin is
    imported only when options are written for it."""
    from importlib.metadata import entry_points

    installed = {e.name: e for e in entry_points(group="mkdocs.plugins") if e.name.startswith("dangjian/")}
    problems: list[Diagnostic] = []
    for name, options, key, value in config.plugins():
        if not name.startswith("dangjian/"):
            continue
        if name not in installed:
            import difflib

            close = difflib.get_close_matches(name, list(installed), n=1)
            hint = f"是不是想写“{close[0]}”？" if close else "可用插件：" + "、".join(installed)
            problems.append(config.at(key, "DJ015", f"没有名为“{name}”的插件", hint))
            continue
        if name == "dangjian/content" or options is None:
            continue  # content_problems checks dangjian/content; no options are the defaults
        if not isinstance(options, dict):
            problems.append(config.at(value or key, "DJ015", f"{name} 的选项应是“选项名: 值”的映射"))
            continue
        if not options:
            continue
        try:
            plugin = installed[name].load()()
        except Exception:  # a plugin that cannot even be imported fails the build by itself
            continue
        errors, warnings = plugin.load_config(options, str(config.file))
        schema = dict(plugin.config_class._schema)
        for option, message in warnings:
            if str(message).startswith("Unrecognised configuration name"):
                import difflib

                close = difflib.get_close_matches(str(option), list(schema), n=1)
                problems.append(config.at(_key_node(value, str(option)) or value, "DJ015",
                                          f"{name} 没有选项“{option}”",
                                          f"是不是想写“{close[0]}”？" if close
                                          else "可用选项：" + "、".join(schema)))
        for option, error in errors:
            want = _expected(schema.get(option))
            detail = f"应为{want}" if want else f"的值不正确（{error}）"
            problems.append(config.at(_value_node(value, str(option)) or value, "DJ015",
                                      f"{name} 的选项“{option}”{detail}"))
    return problems
