"""The `dangjian` command: check, stats, schema, and the editor tools."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from dangjian.government import government_problems
from dangjian.load import format_all, load_catalog
from dangjian.load.diagnostics import Diagnostic, escape_controls
from dangjian.settings import (
    Settings,
    SettingsError,
    config_file,
    load_settings,
    plugin_problems,
    read_config,
)


class CliError(Exception):
    """Why a command cannot run at all, in Chinese; exit 1."""


def _root(args: argparse.Namespace) -> Path:
    """The project folder --root names; it must be an existing folder."""
    given = str(args.root)
    try:
        root = Path(given).resolve()
    except (OSError, ValueError, RuntimeError):
        raise CliError(f"项目文件夹“{given}”无法打开：请用 --root 指向含 mkdocs.yml 的项目文件夹。") from None
    if not root.exists():
        raise CliError(f"项目文件夹“{given}”不存在：请用 --root 指向含 mkdocs.yml 的项目文件夹。")
    if not root.is_dir():
        raise CliError(f"“{given}”不是文件夹：--root 应指向含 mkdocs.yml 的项目文件夹，而不是其中的文件。")
    return root


def _settings(args: argparse.Namespace) -> Settings:
    """The project's settings; its folder must hold a readable mkdocs.yml."""
    root = _root(args)
    if config_file(root) is None:
        raise CliError(f"“{args.root}”中没有 mkdocs.yml：--root 应指向项目文件夹（含 mkdocs.yml 的那一层）。")
    return load_settings(root)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate mkdocs.yml's dangjian options and every data file; print every problem; exit 1
    when there is any."""
    root = _root(args)
    file = config_file(root)
    if file is None:
        raise CliError(f"“{args.root}”中没有 mkdocs.yml：--root 应指向项目文件夹（含 mkdocs.yml 的那一层）。")
    config = read_config(file)
    options = plugin_problems(config) + government_problems(config)
    try:
        settings = load_settings(root)
    except SettingsError as err:
        _print_problems(err.diagnostics + options)
        return 1
    result = load_catalog(settings)
    if result.diagnostics or options:
        _print_problems(result.diagnostics + options)
        return 1
    catalog = result.catalog
    assert catalog is not None
    c = catalog.counts()
    print(
        f"检查通过：教育基地 {c['sites']} 个，微党校 {c['schools']} 个，"
        f"党建品牌 {c['brands']} 个，研学线路 {c['routes']} 条。"
    )
    return 0


def _print_problems(diagnostics: list[Diagnostic]) -> None:
    print(format_all(diagnostics), file=sys.stderr)


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts by kind, field and visibility (as JSON with --json)."""
    settings = _settings(args)
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


def _generated(check: bool, stale: Callable[[], list[str]], write: Callable[[], list[str]],
               what: str, command: str) -> int:
    """Verify (check) or write files generated from the code; exit 1 when stale."""
    if check:
        found = stale()
        if found:
            print(f"{what}已过期：{'、'.join(found)}；请运行 {command}", file=sys.stderr)
            return 1
        print(f"{what}与程序一致。")
        return 0
    for name in write():
        print(f"已更新 {name}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Write (or with --check, verify) the generated parts of the editor guide in docs/editor/."""
    from dangjian.render.reference import stale_guide_pages, write_guide_pages

    docs = _root(args) / "docs"
    return _generated(args.check, lambda: stale_guide_pages(docs),
                      lambda: [f"docs/{rel}" for rel in write_guide_pages(docs)], "编辑指南", "dangjian docs")


def cmd_schema(args: argparse.Namespace) -> int:
    """Write (or with --check, verify) the JSON Schemas in schemas/."""
    from dangjian.schema import stale_schemas, write_schemas

    folder = _root(args) / "schemas"
    return _generated(args.check, lambda: stale_schemas(folder),
                      lambda: [str(p.relative_to(_root(args))) for p in write_schemas(folder)],
                      "schemas/ ", "dangjian schema")


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new entity file with a comment on every field."""
    from dangjian.editor.scaffold import ScaffoldError, new_entity

    settings = _settings(args)
    try:
        made = new_entity(settings, args.kind, args.id, args.field)
    except ScaffoldError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    print(f"已创建 {made.path.relative_to(settings.root).as_posix()}：按注释填写后运行 dangjian check。")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a sheet of brands (.xlsx/.csv); nothing is written if any row has a problem."""
    from dangjian.editor.brands_io import apply_import, format_report, plan_import

    settings = _settings(args)
    report = plan_import(settings, Path(args.file), force=args.force)
    if report.ok and not args.dry_run:
        rolled_back = apply_import(settings, report)
        if rolled_back:
            print("导入后数据检查未通过，已撤销全部改动：\n" + rolled_back[0], file=sys.stderr)
            return 1
    text = format_report(report, settings, dry_run=args.dry_run)
    print(text, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    """Export every brand to .xlsx or .csv in the layout import reads."""
    from dangjian.editor.brands_io import ExportError, export_brands
    from dangjian.editor.spreadsheet import SheetError

    settings = _settings(args)
    try:
        count = export_brands(settings, Path(args.file))
    except (ExportError, SheetError) as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    print(f"已导出 {count} 个党建品牌到 {args.file}。")
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
    docs = add("docs", cmd_docs, "把字段参考、问题代码和表格列写进 docs/editor/ 中的编辑指南")
    docs.add_argument("--check", action="store_true", help="只检查编辑指南是否过期")
    schema = add("schema", cmd_schema, "从模型导出 JSON Schema 到 schemas/")
    schema.add_argument("--check", action="store_true", help="只检查 schemas/ 是否过期")
    new = add("new", cmd_new, "新建一个条目文件（带逐项中文注释）")
    new.add_argument("kind", choices=["brand", "site", "school", "route"], help="条目类型")
    new.add_argument("id", help="编号：小写字母、数字和连字符，如 nc-dangbi-10")
    new.add_argument("--field", help="党建品牌的领域：农村/城市社区/机关/中小学校/国企/两新组织")
    imp = add("import", cmd_import, "从表格（.xlsx/.csv）导入党建品牌")
    imp.add_argument("what", choices=["brands"], help="导入的内容（目前为 brands）")
    imp.add_argument("file", help="表格文件")
    imp.add_argument("--dry-run", action="store_true", help="只显示将新增、修改、删除哪些品牌和字段，不写入")
    imp.add_argument("--force", action="store_true",
                     help="表格导出之后数据文件又被修改过时，仍用表格的内容覆盖（默认拒绝导入这些行）")
    exp = add("export", cmd_export, "把党建品牌导出为表格（.xlsx/.csv）")
    exp.add_argument("what", choices=["brands"], help="导出的内容（目前为 brands）")
    exp.add_argument("file", help="输出的表格文件")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except CliError as err:
        print(f"错误：{escape_controls(str(err))}", file=sys.stderr)
        return 1
    except SettingsError as err:
        _print_problems(err.diagnostics)
        return 1
    except OSError as err:
        where = f"（{err.filename}）" if err.filename else ""
        print(escape_controls(f"错误：{err.strerror or err}{where}"), file=sys.stderr)
        return 1
    except Exception as err:  # no traceback reaches an editor; DANGJIAN_DEBUG=1 shows it
        if os.environ.get("DANGJIAN_DEBUG"):
            raise
        print(escape_controls(f"程序内部错误（{type(err).__name__}: {err}）：数据可能没有问题，"
                              "请把这条信息和所用的命令告诉维护人员。"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
