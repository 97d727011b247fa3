from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from dangjian.catalog import Catalog

MARKER = "realistic"
REALISTIC_TESTS = pytest.StashKey[list[tuple[str, bool]]]()
"""The realistic tests this session collected, each with whether it drives the browser."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}: runs against a copy of the project under test (set by the fixtures it uses)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # a test that reads the realistic copy, directly or through another fixture, is marked,
    # so that tests/test_content_independence.py can run exactly those against an edited copy
    found: list[tuple[str, bool]] = []
    for item in items:
        if "realistic" in getattr(item, "fixturenames", ()):
            item.add_marker(MARKER)
        if item.get_closest_marker(MARKER):
            found.append((item.nodeid, item.get_closest_marker("browser") is not None))
    config.stash[REALISTIC_TESTS] = found


@pytest.fixture(scope="session")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project under test with the known entities of tests/project.py added.

    Shared by the session: a test that changes the project makes its own copy."""
    from tests.project import realistic_project

    return realistic_project(tmp_path_factory.mktemp("realistic") / "project")


@pytest.fixture(scope="session")
def realistic_catalog(realistic: Path) -> Catalog:
    """The catalog of the realistic copy: where every expected count, id and name comes from."""
    from tests.project import catalog_of

    return catalog_of(realistic)


@pytest.fixture(scope="session")
def realistic_site(realistic: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The realistic copy built with --strict into a temporary folder."""
    from tests.sitebuild import build

    out = tmp_path_factory.mktemp("realistic-site")
    done = build(realistic, out)
    assert done.returncode == 0, done.stderr[-4000:]
    return out
