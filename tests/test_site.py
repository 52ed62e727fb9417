"""The rendered site (reports/html): standalone pages, no network assets, an index with relative links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from buildkit import copy_project, frozen_library, snapshot, tiny_project

from indopac.build import engine as b
from indopac.build import site
from indopac.layout import Project

NETWORK = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def _assets(html: str) -> list[str]:
    return re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", html)


# --- the index (fast) ----------------------------------------------------------------------


def _page(run, notebook, params, title):
    return site.Page(run, Path(f"/r/{run}.ipynb"), notebook, params, title)


def test_index_groups_runs_by_notebook_with_parameters_and_relative_links(tmp_path):
    (tmp_path / "thumbs").mkdir()
    (tmp_path / "thumbs" / "country-profile-FRA.png").write_bytes(b"png")
    pages = [
        _page("trends", "notebooks/02-trends.ipynb", {"grouping": "kind"}, "2. Trends"),
        _page("country-profile-FRA", "notebooks/05-country-profile.ipynb", {"country": "FRA"},
              "5. Country profile: France"),
        _page("country-profile-DEU", "notebooks/05-country-profile.ipynb", {"country": "DEU"},
              "5. Country profile: Germany"),
        _page("overview", "notebooks/01-overview.ipynb", {}, "1. Overview"),
    ]
    html = site.render_index(pages, tmp_path)
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == ["1. Overview", "2. Trends", "5. Country profile"]
    assert 'href="country-profile-FRA.html"' in html and 'src="thumbs/country-profile-FRA.png"' in html
    assert "<code>country = FRA</code>" in html and "<code>grouping = kind</code>" in html
    assert html.count('class="nothumb"') == 3  # only FRA has a thumbnail
    assert all(not a.startswith(("/", "http:", "https:")) for a in _assets(html))
    assert not NETWORK.search(html)


# --- built from a tiny build (slow) ------------------------------------------------------------


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("site")
    root = tiny_project(base / "project")
    project = Project(root, library=frozen_library(base))
    with open(base / "build.log", "w") as log:
        report = b.build(project, progress=False, site=True, out=log)
    assert report.exit_code == 0, (base / "build.log").read_text()
    return project


@pytest.mark.slow
def test_every_executed_notebook_becomes_a_standalone_page_without_network_assets(built_site):
    html_dir = built_site.html_dir
    assert sorted(p.name for p in html_dir.glob("*.html")) == ["alpha.html", "beta-x.html", "beta-y.html",
                                                                 "index.html"]
    for page in html_dir.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not NETWORK.search(html), f"{page.name} loads something from the network"
        assert "require.min.js" not in html and "MathJax" not in html
        for asset in _assets(html):
            assert not asset.startswith(("/", "file:")), f"{page.name}: absolute link {asset}"
            if not asset.startswith(("#", "data:", "http")):
                assert (html_dir / asset.split("#")[0]).is_file(), f"{page.name}: broken link {asset}"
    alpha = (html_dir / "alpha.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,', alpha)
    assert 'href="index.html"' in alpha  # back to the index
    assert "save_figure" not in alpha  # code is hidden for readers
    assert "x: 73 rows, n = 3" in alpha  # outputs are not
    assert (html_dir / "thumbs" / "beta-x.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.slow
def test_show_code_keeps_the_code_and_a_rerender_with_no_change_touches_nothing(built_site, tmp_path):
    project = Project(copy_project(built_site.root, tmp_path / "p"), library=built_site.library)
    def html():
        return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.html_dir.rglob("*") if p.is_file()}

    before = html()
    report = site.build_site(project)
    assert report.rendered == [] and report.unchanged == 3 and not report.index_written
    assert html() == before
    shown = site.build_site(project, show_code=True)
    assert sorted(shown.rendered) == ["alpha", "beta-x", "beta-y"]
    assert "save_figure" in (project.html_dir / "alpha.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_report_that_disappears_takes_its_page_with_it(built_site, tmp_path):
    project = Project(copy_project(built_site.root, tmp_path / "p"), library=built_site.library)
    (project.reports_dir / "beta-y.ipynb").unlink()
    report = site.build_site(project)
    assert report.removed == ["beta-y"]
    assert not (project.html_dir / "beta-y.html").exists() and not (project.html_dir / "thumbs/beta-y.png").exists()
    assert "beta-y" not in (project.html_dir / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_build_refreshes_the_site_but_the_site_is_not_part_of_the_outputs(built_site, tmp_path):
    project = Project(copy_project(built_site.root, tmp_path / "p"), library=built_site.library)
    outputs = snapshot(project.root)  # figures/ and reports/ without reports/html
    assert not any(k.startswith("reports/html") for k in outputs)
    cache = b.read_cache(project)
    assert not any(rel.startswith("reports/html") for entry in cache.values() for rel in entry["outputs"])
