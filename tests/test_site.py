"""The rendered site (reports/html): standalone pages, no network assets, an index with relative links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from buildkit import copy_project, snapshot

from indopac.build import engine as b
from indopac.build import site
from indopac.layout import Project

NETWORK = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def _assets(html: str) -> list[str]:
    return re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", html)


# --- the index (fast) ----------------------------------------------------------------------


def _page(run, notebook, params, title):
    return site.Page(run, Path(f"/r/{run}.ipynb"), notebook, params, title)


NAMES = {"FRA": "France", "DEU": "Germany", "LTU": "Lithuania"}


def _pages():
    return [
        _page("trends", "notebooks/02-trends.ipynb", {"grouping": "kind"}, "2. Trends: the growth"),
        _page("country-profile-FRA", "notebooks/05-country-profile.ipynb", {"country": "FRA"}, "5. Country profile"),
        _page("country-profile-DEU", "notebooks/05-country-profile.ipynb", {"country": "DEU"}, "5. Country profile"),
        _page("recommendations-FRA", "notebooks/06-recommendations.ipynb", {"focus": "FRA"},
              "Recommendations: where to engage"),
        _page("recommendations-LTU", "notebooks/06-recommendations.ipynb", {"focus": "LTU"},
              "Recommendations: where to engage"),
        _page("overview", "notebooks/01-overview.ipynb", {}, "1. Overview: the data"),
        _page("claims", "notebooks/00-claims.ipynb", {}, "0. The claims ledger: does the evidence hold?"),
    ]


def test_index_opens_with_the_claims_then_groups_reports_by_notebook_named_for_people(tmp_path):
    (tmp_path / "thumbs").mkdir()
    (tmp_path / "thumbs" / "country-profile-FRA.png").write_bytes(b"png")
    html = site.render_index(_pages(), tmp_path, names=NAMES)
    assert html.index('class="claims"') < html.index('class="group"')
    assert 'href="claims.html"' in html
    headings = re.findall(r'<section class="group"><h2>(.*?)</h2>', html)
    assert headings == ["1. Overview", "2. Trends", "5. Country profile", "Recommendations"]
    names = re.findall(r'<div class="name">(.*?)</div>', html)
    assert names == ["1. Overview", "2. Trends", "France", "Germany", "France", "Lithuania"]
    assert 'href="country-profile-FRA.html"' in html and 'src="thumbs/country-profile-FRA.png"' in html
    assert "<code>country = FRA</code>" in html and "<code>grouping = kind</code>" in html
    assert all(not a.startswith(("/", "http:", "https:")) for a in _assets(html))
    assert not NETWORK.search(html)


def test_the_index_ships_one_script_allowed_by_its_hash_and_nothing_else(tmp_path):
    import base64
    import hashlib

    html = site.render_index(_pages(), tmp_path, names=NAMES)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert scripts == [site.FILTER_SCRIPT]
    digest = base64.b64encode(hashlib.sha256(site.FILTER_SCRIPT.encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert f"script-src &#x27;sha256-{digest}&#x27;" in policy
    assert "default-src &#x27;none&#x27;" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert site.render_index(_pages(), tmp_path, names=NAMES) == html  # the same bytes every time


def test_the_menu_names_pages_for_people_and_links_neighbours_and_related_pages():
    smap = site.site_map(_pages(), NAMES)
    assert [g.title for g in smap.groups] == ["0. The claims ledger", "1. Overview", "2. Trends",
                                              "5. Country profile", "Recommendations"]
    assert [e.page.run for e in smap.entries][:3] == ["claims", "overview", "trends"]
    prev, nxt = smap.neighbours("country-profile-FRA")
    assert prev.page.run == "trends" and nxt.page.run == "country-profile-DEU"
    assert smap.neighbours("claims")[0] is None
    assert [e.page.run for _, e in smap.related("country-profile-FRA")] == ["recommendations-FRA"]
    assert [e.page.run for _, e in smap.related("recommendations-FRA")] == ["country-profile-FRA"]
    assert smap.related("recommendations-LTU") == []  # no profile of Lithuania in this site
    menu = site.menu_html(smap, "trends")
    assert ">Germany</a>" in menu and "country-profile-DEU<" not in menu


def test_actor_names_come_from_the_actors_table(tmp_path):
    (tmp_path / "actors.csv").write_text("code,name,label\nBEL,Kingdom of Belgium,Belgium\n", encoding="utf-8")
    assert site.actor_names(tmp_path) == {"BEL": "Belgium"}
    assert site.actor_names(tmp_path / "missing") == {}


# --- sanitising and the page (fast: one hand-made notebook) ------------------------------------


def test_clean_html_keeps_report_markup_and_neutralises_script():
    dirty = ('<h2 id="s">Section</h2><p>A <em>b</em></p><table class="dataframe"><thead><tr><th>x</th></tr>'
             '</thead><tbody><tr><td style="color:red">1</td></tr></tbody></table>'
             '<img src=x onerror="alert(1)"><script>alert(1)</script><a href="javascript:alert(1)">j</a>'
             '<style scoped>.dataframe {}</style><img src="data:image/png;base64,iVBORw0KGgo=" alt="ok">')
    clean = site.clean_html(dirty)
    for kept in ('<h2 id="s">Section</h2>', "<p>A <em>b</em></p>", "<th>x</th>", "<td>1</td>",
                 '<img src="data:image/png;base64,iVBORw0KGgo=" alt="ok">'):
        assert kept in clean
    assert clean.count("<img") == 1  # the one with a refused source is gone
    assert "<script" not in clean and "&lt;script&gt;" in clean  # shown as text, never run
    assert "onerror" not in clean and 'src="x"' not in clean and "javascript:" not in clean
    assert "style" not in clean


def _notebook():
    import nbformat

    v4 = nbformat.v4
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    cells = [
        v4.new_markdown_cell("# Tiny: a page\n\n## First part\n\nText.", id="a"),
        v4.new_markdown_cell("Set `country` to an ISO code.", id="b", metadata={"tags": ["author-note"]}),
        v4.new_code_cell("chart", id="c", outputs=[v4.new_output(
            "display_data", data={"image/png": png, "text/plain": "<Figure>"},
            metadata={"image/png": {"alt": "Japan leads. Initiatives per partner", "width": 400, "height": 200,
                                    "indopac_figure": "bars"}})]),
        v4.new_markdown_cell("## Second part", id="d"),
        v4.new_code_cell("md", id="e", outputs=[v4.new_output(
            "display_data", data={"text/markdown": "A title <img src=x onerror=\"document.title='P'\"> here",
                                  "text/plain": "md"})]),
        v4.new_code_cell("table", id="f", outputs=[v4.new_output(
            "display_data", data={"text/html": "<script>interactive()</script>",
                                  site.STATIC_HTML_MIME: "<table><tr><td>static</td></tr></table>",
                                  "text/plain": "t"})]),
        v4.new_code_cell("widgets", id="g", outputs=[v4.new_output(
            "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "m", "version_major": 2,
                                                                               "version_minor": 0},
                                  "text/plain": "VBox()"})]),
    ]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nbformat.writes(nb).encode("utf-8")


def test_a_page_describes_its_figures_links_their_files_and_hides_author_notes():
    page = _page("tiny", "notebooks/09-tiny.ipynb", {}, "Tiny: a page")
    html = site.render_page(page, _notebook(), downloads={"bars": [("png", "figures/tiny/bars.png"),
                                                                   ("csv", "figures/tiny/bars.csv")]})
    img = re.search(r"<figure.*?<img ([^>]*)>", html, re.DOTALL).group(1)
    assert 'alt="Japan leads. Initiatives per partner"' in img and 'width="400"' in img and 'height="200"' in img
    assert '<a download="" href="figures/tiny/bars.png">PNG</a>' in html and 'href="figures/tiny/bars.csv">CSV' in html
    assert "ISO code" not in html  # the author note
    toc = re.search(r'<nav class="indopac-toc".*?</nav>', html, re.DOTALL).group(0)
    assert re.findall(r">([^<>]+)</a>", toc) == ["First part", "Second part"]
    assert "static" in html and "interactive()" not in html  # the static stand-in of an interactive table
    assert "Interactive controls appear here" in html and "widget-view+json" not in html
    assert "onerror" not in html and 'src="x"' not in html and "A title  here" in html  # raw markup is defused
    assert 'http-equiv="Content-Security-Policy"' in html and "<script" not in html
    assert html == site.render_page(page, _notebook(), downloads={"bars": [("png", "figures/tiny/bars.png"),
                                                                             ("csv", "figures/tiny/bars.csv")]})


# --- built from a tiny build (slow) ------------------------------------------------------------


@pytest.fixture
def built_site(built):
    """The tiny project built once with its site (conftest's ``built``, shared with test_build): read only."""
    root, library, _, _ = built
    return Project(root, library=library)


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
    assert 'id="site-menu"' in alpha and 'rel="next"' in alpha  # the menu and the next report
    assert "save_figure" not in alpha  # code is hidden for readers
    assert re.search(r"x: \d+ rows, n = 3", alpha)  # outputs are not
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
