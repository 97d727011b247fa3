"""The Jinja2 environment for every page the plugins write: autoescape is always on."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from dangjian.guard.csp import STANDALONE_POLICY
from dangjian.render import text
from dangjian.render.richtext import richtext


@cache
def environment() -> Environment:
    """One environment per process; templates are compiled once."""
    env = Environment(
        loader=PackageLoader("dangjian", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["richtext"] = richtext
    env.filters["minutes"] = text.minutes
    env.filters["km"] = text.km
    env.globals["standalone_policy"] = STANDALONE_POLICY
    env.globals["week_rows"] = text.week_rows
    env.globals["hours_summary"] = text.hours_summary
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
