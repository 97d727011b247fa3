"""QR codes and posters never point at this machine unnoticed.

The publishing build (`make publish`, the CI deploy jobs) stops when site_url is unset or a
loopback address, saying to set DANGJIAN_SITE_URL; any other build of such a site is a
preview: one line says so, and 预览版 stands on every poster and beside every QR code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser

from dangjian.siteaddress import SITE_URL_VARIABLE, is_preview_address, publish_refusal
from tests.guardproject import site_project
from tests.helpers import REPO
from tests.sitebuild import build

QR_PAGES = ("sites/test-site/index.html", "schools/test-school/index.html")
POSTERS = ("sites/test-site/poster.html", "schools/test-school/poster.html")


@pytest.mark.parametrize("site_url", [
    None, "", "http://127.0.0.1:8000/", "http://127.8.9.10/", "http://localhost:8000/",
    "http://app.localhost/", "http://[::1]:8000/", "http://0.0.0.0:8000/", "http://LOCALHOST./",
])
def test_unset_and_loopback_addresses_are_previews(site_url: str | None) -> None:
    assert is_preview_address(site_url)
    refusal = publish_refusal(site_url)
    assert refusal is not None and SITE_URL_VARIABLE in refusal


@pytest.mark.parametrize("site_url", [
    "https://dangjian.example.org/", "http://192.168.1.20/dangjian/", "https://example.org:8443/",
])
def test_public_and_intranet_addresses_may_be_published(site_url: str) -> None:
    assert not is_preview_address(site_url)
    assert publish_refusal(site_url) is None


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8000/", None])
def test_the_publishing_build_refuses_a_loopback_or_unset_site_url(tmp_path: Path, site_url: str | None) -> None:
    root = site_project(tmp_path / "p", content=("publish: true",))
    if site_url is None:  # no site_url at all
        config = root / "mkdocs.yml"
        config.write_text(re.sub(r"^site_url:.*\n", "", config.read_text(encoding="utf-8"), flags=re.M),
                          encoding="utf-8")
    done = build(root, tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "不能发布" in done.stderr and SITE_URL_VARIABLE in done.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_make_publish_is_the_publishing_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # make publish sets DANGJIAN_PUBLISH, which the shipped mkdocs.yml passes to the option
    recipe = re.search(r"^publish:.*\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe and "DANGJIAN_PUBLISH=true" in recipe[1] and "mkdocs build --strict" in recipe[1]
    shipped = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+publish: !ENV \[DANGJIAN_PUBLISH, false\]$", shipped, re.M)
    root = site_project(tmp_path / "p", content=("publish: !ENV [DANGJIAN_PUBLISH, false]",))
    done = build(root, tmp_path / "out", env={"DANGJIAN_PUBLISH": "true"})
    assert done.returncode == 1 and SITE_URL_VARIABLE in done.stderr
    for value in ("true", "false"):
        monkeypatch.setenv("DANGJIAN_PUBLISH", value)
        config = load_config(str(REPO / "mkdocs.yml"))
        assert config.plugins["dangjian/content"].config.publish is (value == "true")


def test_the_deploy_jobs_publish_only_the_publishing_build() -> None:
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    builders = {name for name, job in gitlab.items() if isinstance(job, dict)
                and "make publish" in " ".join(job.get("script", []))}
    deploy = [job for job in gitlab.values() if isinstance(job, dict) and job.get("stage") == "deploy"]
    assert builders and deploy
    assert all(set(job["needs"]) <= builders for job in deploy)
    github = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["build"]["steps"]
    publishing = [s for s in steps if "make publish" in str(s.get("run", ""))]
    assert publishing and publishing[0]["if"] == "github.event_name != 'pull_request'"
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert uploads and steps.index(publishing[0]) < steps.index(uploads[0])
    assert uploads[0]["if"] == publishing[0]["if"]


def _near_qr(html: str) -> str:
    """The text of the figure that holds a page's QR code."""
    tree = LexborHTMLParser(html)
    figure = next(f for f in tree.css("figure") if f.css_first("svg") is not None
                  and ("二维码" in (f.css_first("svg title").text() if f.css_first("svg title") else "")))
    return figure.text(separator=" ")


def test_a_preview_says_so_in_one_line_and_beside_every_qr_code(tmp_path: Path) -> None:
    root = site_project(tmp_path / "p")
    out = tmp_path / "site"
    done = build(root, out, quiet=False)
    assert done.returncode == 0, done.stderr[-4000:]
    notices = [line for line in (done.stdout + done.stderr).splitlines() if "预览版" in line]
    assert len(notices) == 1 and SITE_URL_VARIABLE in notices[0] and "make publish" in notices[0]
    for rel in QR_PAGES + POSTERS:
        assert "预览版" in _near_qr((out / rel).read_text(encoding="utf-8")), rel


def test_a_site_with_its_public_address_is_no_preview(tmp_path: Path) -> None:
    root = site_project(tmp_path / "p", site_url="https://dangjian.example.org/", content=("publish: true",))
    out = root.parent / "site"
    done = build(root, out, quiet=False)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "预览版" not in done.stdout + done.stderr
    for rel in QR_PAGES + POSTERS:
        html = (out / rel).read_text(encoding="utf-8")
        assert "预览版" not in html, rel
        assert "https://dangjian.example.org/" + rel.rsplit("/", 1)[0] + "/" in _near_qr(html)
