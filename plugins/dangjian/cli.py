"""The `dangjian` command: check, stats, schema, and the editor tools."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dangjian.load import format_all, load_catalog
from dangjian.settings import load_settings


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every data file; print every problem; exit 1 when there is any."""
    settings = load_settings(_root(args))
    result = load_catalog(settings)
    if result.diagnostics:
        print(format_all(result.diagnostics), file=sys.stderr)
        return 1
    catalog = result.catalog
    assert catalog is not None
    c = catalog.counts()
    print(
        f"检查通过：教育基地 {c['sites']} 个，微党校 {c['schools']} 个，"
        f"党建品牌 {c['brands']} 个，研学线路 {c['routes']} 条。"
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts by kind, field and visibility (as JSON with --json)."""
    settings = load_settings(_root(args))
    result = load_catalog(settings)
    if result.catalog is None:
        print(format_all(result.diagnostics), file=sys.stderr)
        return 1
    counts = result.catalog.counts()
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
    else:
        for key, value in counts.items():
            print(f"{key}: {value}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write (or with --check, verify) the JSON Schemas in schemas/."""
    from dangjian.schema import stale_schemas, write_schemas

    folder = _root(args) / "schemas"
    if args.check:
        stale = stale_schemas(folder)
        if stale:
            print(f"schemas/ 已过期：{', '.join(stale)}；请运行 dangjian schema", file=sys.stderr)
            return 1
        print("schemas/ 与模型一致。")
        return 0
    for path in write_schemas(folder):
        print(f"写入 {path.relative_to(_root(args))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dangjian", description="密山边境党建宣传网站的数据工具")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func: object, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--root", default=".", help="项目文件夹（含 mkdocs.yml），默认当前文件夹")
        p.set_defaults(func=func)
        return p

    add("check", cmd_check, "检查所有数据文件，列出全部问题")
    stats = add("stats", cmd_stats, "统计各类条目数量")
    stats.add_argument("--json", action="store_true", help="输出 JSON")
    schema = add("schema", cmd_schema, "从模型导出 JSON Schema 到 schemas/")
    schema.add_argument("--check", action="store_true", help="只检查 schemas/ 是否过期")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except OSError as err:
        print(f"错误：{err.strerror or err}（{err.filename or ''}）", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
