"""Checks across files: file names, duplicate ids, route references, positions and images."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, get_args

from pydantic import BaseModel

from dangjian.catalog import Entry, fold_id
from dangjian.load.diagnostics import Diagnostic, display_path
from dangjian.load.images import check_images
from dangjian.load.paths import track_problem
from dangjian.model import Brand
from dangjian.settings import Settings

if TYPE_CHECKING:
    from dangjian.load.loader import FileResult


def check_catalog(
    settings: Settings,
    entries: dict[str, list[Entry[BaseModel]]],
    files: dict[str, FileResult],
) -> list[Diagnostic]:
    """Every cross-file problem; the entries given are the files that validated."""
    found: list[Diagnostic] = []
    every = [e for kind_entries in entries.values() for e in kind_entries]
    found.extend(_file_names(every, files))
    found.extend(_duplicate_ids(every, files))
    found.extend(_field_folders(every, files))
    found.extend(_positions(settings, every, files))
    found.extend(_route_refs(settings, entries, files))
    found.extend(check_images(settings, files))
    return found


def _at(files: dict[str, FileResult], entry: Entry[BaseModel], path: tuple[object, ...]) -> tuple[int, int]:
    return files[entry.rel].parsed.where(path)  # type: ignore[arg-type]


def _file_names(every: list[Entry[BaseModel]], files: dict[str, FileResult]) -> Iterator[Diagnostic]:
    for e in every:
        if e.path.stem != e.id:
            line, col = _at(files, e, ("id",))
            yield Diagnostic(
                e.rel, line, col, "DJ110",
                f"文件名“{e.path.name}”与编号“{e.id}”不一致",
                f"把文件改名为 {e.id}{e.path.suffix}，或把 id 改成 {e.path.stem}。",
            )


def _duplicate_ids(every: list[Entry[BaseModel]], files: dict[str, FileResult]) -> Iterator[Diagnostic]:
    """Two files with one id, whether or not the files have other problems (an id that could
    be read counts: the editor fixes both at once)."""
    ids: list[tuple[str, str]] = []  # (file, id)
    for rel, loaded in sorted(files.items()):
        value = loaded.parsed.value
        found = getattr(loaded.model, "id", None) if loaded.model is not None else (
            value.get("id") if isinstance(value, dict) else None)
        if isinstance(found, str) and found:
            ids.append((rel, found))
    seen: dict[str, str] = {}  # ids are unique across kinds: a route stop names an id alone
    for rel, entity_id in ids:
        key = fold_id(entity_id)
        first = seen.get(key)
        if first is None:
            seen[key] = rel
            continue
        for this, other in ((rel, first), (first, rel)):
            line, col = files[this].parsed.where(("id",))
            yield Diagnostic(
                this, line, col, "DJ111",
                f"编号“{entity_id}”与 {other} 重复",
                "每个条目的编号必须唯一：给其中一个换一个编号（文件名也一起改）。",
            )


def _field_folders(every: list[Entry[BaseModel]], files: dict[str, FileResult]) -> Iterator[Diagnostic]:
    """A brand kept in a field's folder (brands/农村/) says that field."""
    fields = set(get_args(Brand.model_fields["field"].annotation))
    for e in every:
        if e.kind != "brand":
            continue
        folder = e.path.parent.name
        field = getattr(e.model, "field", None)
        if folder in fields and field != folder:
            line, col = _at(files, e, ("field",))
            yield Diagnostic(
                e.rel, line, col, "DJ112",
                f"文件在“{folder}”文件夹中，但 field 写的是“{field}”",
                f"把 field 改成 {folder}，或把文件移到 brands/{field}/ 文件夹。",
            )


def _positions(
    settings: Settings, every: list[Entry[BaseModel]], files: dict[str, FileResult]
) -> Iterator[Diagnostic]:
    area = settings.area
    for e in every:
        loc = e.location
        if loc is None:
            continue
        line, col = _at(files, e, ("location",))
        if not (-90 <= loc.lat <= 90 and -180 <= loc.lon <= 180):
            hint = ""
            if -90 <= loc.lon <= 90 and -180 <= loc.lat <= 180:
                hint = "纬度和经度似乎写反了：lat 是纬度（约 45.5），lon 是经度（约 131.9）。"
            yield Diagnostic(e.rel, line, col, "DJ130",
                             f"坐标超出范围（lat {loc.lat}，lon {loc.lon}）", hint)
            continue
        if not area.contains(loc.lat, loc.lon):
            if area.contains(loc.lon, loc.lat):
                hint = "纬度和经度似乎写反了：lat 是纬度（约 45.5），lon 是经度（约 131.9），请对调。"
            else:
                hint = (f"{area.name}的范围是北纬 {area.south}–{area.north}°、东经 "
                        f"{area.west}–{area.east}°；请核对坐标是否为 WGS-84 度数。")
            yield Diagnostic(e.rel, line, col, "DJ131",
                             f"坐标（lat {loc.lat}，lon {loc.lon}）不在{area.name}范围内", hint)


def _route_refs(
    settings: Settings,
    entries: dict[str, list[Entry[BaseModel]]],
    files: dict[str, FileResult],
) -> Iterator[Diagnostic]:
    by_id = {e.id: e for kind in ("site", "school", "brand") for e in entries[kind]}
    invalid_ids = {
        str(f.parsed.value.get("id"))
        for f in files.values()
        if f.model is None and isinstance(f.parsed.value, dict)
    }
    for route in entries["route"]:
        for i, stop in enumerate(route.model.stops):  # type: ignore[attr-defined]
            line, col = _at(files, route, ("stops", i, "ref"))
            target = by_id.get(stop.ref)
            if target is None:
                if stop.ref in invalid_ids:
                    continue  # that file has its own diagnostics already
                yield Diagnostic(route.rel, line, col, "DJ120",
                                 f"站点“{stop.ref}”不存在", _suggest(stop.ref, by_id))
            elif route.public and not target.public:
                yield Diagnostic(route.rel, line, col, "DJ121",
                                 f"公开线路经过了非公开条目“{stop.ref}”（{target.rel}）")
            elif target.location is None:
                yield Diagnostic(route.rel, line, col, "DJ122",
                                 f"站点“{stop.ref}”没有坐标（{target.rel}）")
        track = route.model.track  # type: ignore[attr-defined]
        if not track:
            continue
        escape = track_problem(track, settings.routes_path, settings.root, settings.routes_dir)
        if escape is not None:
            line, col = _at(files, route, ("track",))
            yield Diagnostic(route.rel, line, col, *escape)
        elif not (settings.routes_path / track).is_file():
            line, col = _at(files, route, ("track",))
            yield Diagnostic(route.rel, line, col, "DJ123", f"轨迹文件“{track}”不存在")
        else:
            yield from route_track(settings, route, by_id)


def route_track(
    settings: Settings, route: Entry[BaseModel], by_id: dict[str, Entry[BaseModel]]
) -> Iterator[Diagnostic]:
    """The track file's own checks (GeoJSON, RFC 7946, area, ends near the stops)."""
    from dangjian.geo.checks import StopPoint, check_track

    stops = []
    for number, stop in enumerate(route.model.stops, start=1):  # type: ignore[attr-defined]
        target = by_id.get(stop.ref)
        if target is None or target.location is None:
            return  # the stop has its own diagnostic; the ends cannot be checked yet
        stops.append(StopPoint(number, target.name, target.location))
    path = settings.routes_path / route.model.track  # type: ignore[attr-defined]
    yield from check_track(path, display_path(path, settings.root), settings.area, stops)


def _suggest(ref: str, by_id: dict[str, Entry[BaseModel]]) -> str:
    import difflib

    close = difflib.get_close_matches(ref, list(by_id), n=1, cutoff=0.6)
    return f"是不是“{close[0]}”？" if close else "检查编号拼写，或先添加被引用的条目。"
