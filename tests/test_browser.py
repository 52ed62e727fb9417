"""The rendered site in a real browser: headless Chromium over sites of the real notebooks.

Two sites are rendered into temporary folders (never into the repository): the published
one, from the committed executed notebooks of the shipped data (what ``indopac site``
serves; ``tests/test_published_outputs.py`` checks that they are what the build makes now,
and CI rebuilds them byte for byte), and one built with ``indopac build`` in a temporary
project from a copy of the data whose every text field (titles, notes, actor names and
labels) carries markup that would run script if it were ever treated as HTML.
Each is served with http.server on 127.0.0.1 and read with Playwright: every menu,
previous/next, table-of-contents and download link resolves; every image has alt text
and decodes; no page scrolls sideways at 390 px; a recommendations page gives its advice
before its tables; the index filter narrows the cards; nothing is fetched from another
host; and on the hostile copy no injected script runs and the markup shows as text.
Screenshots at 1280 and 390 px are saved in the test's temporary folder.

Skips when /usr/bin/chromium is missing (``apt-get install chromium``), unless
INDOPAC_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

from indopac.build import engine as b
from indopac.build.site import build_site
from indopac.layout import DATA_DIR, FIGURES_DIR, REPORTS_DIR, ROOT, Project

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
#: one run of every kind of page: the claims ledger, a chart notebook, a profile and the recommendations
#: of the same country (linked to each other), and the explorer
RUNS = ["claims", "trends", "country-profile-LTU", "recommendations-LTU", "explorer"]
HOSTILE_RUNS = ["country-profile-LTU", "recommendations-LTU", "explorer"]
PAYLOAD = "<img src=x onerror=\"document.title='PWNED'\"> <script>document.title='PWNED'</script> *star* _under_"

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _need_browser():
    missing = None
    if not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed (pip install -c constraints.txt -e '.[dev]')"
    if missing:
        if os.environ.get("INDOPAC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"INDOPAC_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)


def _hostile_data(target: Path) -> Path:
    """A copy of the data with the payload in every initiative's title and notes and every actor's name and label."""
    from buildkit import data_with_text

    return data_with_text(target, {"initiatives.csv": ("title", "notes"), "actors.csv": ("name", "label")},
                          lambda value, column: f"{value} {PAYLOAD}")


def _build(root: Path, runs: list[str], data: Path | None = None) -> Path:
    """A temporary project (the real notebooks and run matrix) built for ``runs``; returns its site folder."""
    root.mkdir(parents=True)
    if data is None:
        shutil.copytree(DATA_DIR, root / "data", ignore=shutil.ignore_patterns("README.md"))
    else:
        shutil.move(str(data), root / "data")
    shutil.copy(ROOT / "constraints.txt", root / "constraints.txt")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    project = Project(root)
    with open(root.parent / f"{root.name}.log", "w") as log:
        # one job: under xdist the other worker has the second core, and a second build worker
        # (with the kernel it starts ahead) would only add CPU time
        report = b.build(project, only=runs, jobs=1, progress=False, out=log)
    assert report.exit_code == 0, (root.parent / f"{root.name}.log").read_text()
    return project.html_dir


def _published(folder: Path, runs: list[str]) -> Path:
    """The site of the committed executed notebooks of ``runs`` (their figures from figures/), in ``folder``."""
    reports = folder / "reports"
    reports.mkdir(parents=True)
    for run in runs:
        shutil.copy(REPORTS_DIR / f"{run}.ipynb", reports / f"{run}.ipynb")
    out = folder / "html"
    build_site(Project(ROOT), reports_dir=reports, out_dir=out, figures_dir=FIGURES_DIR, data_dir=DATA_DIR)
    return out


@functools.cache
def _serve(folder: str) -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, site folder) of the published site: the committed reports of the shipped data."""
    _need_browser()
    out = _published(tmp_path_factory.mktemp("browser"), RUNS)
    return _serve(str(out)), out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    _need_browser()
    base = tmp_path_factory.mktemp("hostile")
    out = _build(base / "project", HOSTILE_RUNS, _hostile_data(base / "data"))
    return _serve(str(out)), out


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Reader:
    """One browser page that records every problem a reader would meet."""

    def __init__(self, browser, base_url: str, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.host = urlparse(base_url).netloc
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))
        self.page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https")
                     and urlparse(r.url).netloc != self.host and self.problems.append(f"network: {r.url}"))

    def visit(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, f"{url}: HTTP {response and response.status}"

    def hrefs(self, selector: str) -> list[str]:
        return self.page.eval_on_selector_all(selector, "els => els.map(a => a.href)")

    def status(self, url: str) -> int:
        return self.context.request.get(urldefrag(url).url).status


def _pages(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*.html") if p.name != "index.html")


def test_every_menu_and_pager_link_resolves_and_the_menu_lists_every_report(site, browser):
    base, out = site
    reader = Reader(browser, base)
    pages = _pages(out)
    assert {"claims.html", "country-profile-LTU.html", "recommendations-LTU.html", "explorer.html"} <= set(pages)
    order = []
    for name in pages:
        reader.visit(base + name)
        menu = reader.hrefs("#site-menu a")
        assert {urlparse(u).path.lstrip("/") for u in menu} == {"index.html", *pages}, name
        labels = reader.page.eval_on_selector_all("#site-menu a", "els => els.map(a => a.textContent)")
        assert "Lithuania" in labels and not any(lb.startswith(("country-profile-", "recommendations-"))
                                                  for lb in labels)
        pager = reader.hrefs(".indopac-pager a")
        assert pager, f"{name} has no previous/next link"
        for link in menu + pager:
            assert reader.status(link) == 200, f"{name}: {link}"
        nxt = reader.hrefs(".indopac-pager a[rel=next]")
        order.append((name, urlparse(nxt[0]).path.lstrip("/") if nxt else None))
    chain = dict(order)
    first = next(n for n in pages if n not in chain.values())
    seen = [first]
    while chain[seen[-1]]:
        seen.append(chain[seen[-1]])
    assert sorted(seen) == pages and seen[0] == "claims.html", "previous/next walk every page once, claims first"
    assert not reader.problems, "\n".join(reader.problems)


def test_a_country_profile_and_its_recommendations_link_to_each_other(site, browser):
    base, _ = site
    reader = Reader(browser, base)
    for here, there in (("country-profile-LTU.html", "recommendations-LTU.html"),
                        ("recommendations-LTU.html", "country-profile-LTU.html")):
        reader.visit(base + here)
        assert base + there in reader.hrefs(".indopac-related a"), here


def test_the_table_of_contents_lists_the_sections_and_every_entry_lands_on_one(site, browser):
    base, out = site
    reader = Reader(browser, base)
    for name in _pages(out):
        reader.visit(base + name)
        targets = reader.page.eval_on_selector_all(
            ".indopac-toc a", "els => els.map(a => a.getAttribute('href').slice(1))")
        headings = reader.page.eval_on_selector_all(
            "main h2[id], main h3[id]", "els => els.filter(h => !h.closest('nav')).map(h => h.id)")
        assert targets == headings and targets, f"{name}: the contents do not match the sections"
        for target in targets:
            assert reader.page.evaluate("id => !!document.getElementById(id)", target), f"{name}: #{target}"


def test_every_image_has_a_description_and_every_figure_its_downloads(site, browser):
    base, out = site
    reader = Reader(browser, base)
    csvs = 0
    for name in ["index.html", *_pages(out)]:
        reader.visit(base + name)
        images = reader.page.eval_on_selector_all(
            "img", "els => els.map(i => [i.getAttribute('alt') || '', i.naturalWidth, !!i.closest('figure')])")
        for alt, width, in_figure in images:
            assert width > 0, f"{name}: an image does not decode"
            assert alt.strip() and "No description" not in alt, f"{name}: an image without alt text"
            assert not in_figure or alt != "Figure", f"{name}: a figure without its title as alt text"
        figures = reader.page.locator("figure.indopac-figure").count()
        downloads = reader.hrefs(".indopac-downloads a")
        if name != "index.html":
            assert len(downloads) >= 2 * figures, f"{name}: a figure without its PNG and SVG"
        for link in downloads:
            assert reader.status(link) == 200, f"{name}: {link}"
        csvs += sum(link.endswith(".csv") for link in downloads)
    assert csvs >= 3  # the explorer's charts save the numbers they plot
    assert not reader.problems, "\n".join(reader.problems)


def test_no_page_scrolls_sideways_on_a_phone(site, browser, tmp_path):
    base, out = site
    for width in (1280, 390):
        reader = Reader(browser, base, width)
        for name in ["index.html", *_pages(out)]:
            reader.visit(base + name)
            scroll = reader.page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{name} is {scroll} px wide at {width} px"
            reader.page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=False)
    print(f"screenshots: {tmp_path}")


def test_a_recommendations_page_gives_its_advice_before_its_tables(site, browser):
    base, _ = site
    reader = Reader(browser, base)
    reader.visit(base + "recommendations-LTU.html")
    before = reader.page.evaluate("""() => {
        const advice = document.querySelector('.jp-RenderedMarkdown ol');
        const table = document.querySelector('main table');
        return !!advice && !!table && !!(advice.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert before, "the numbered advice must come before the first table"


def test_the_index_opens_with_the_claims_ledger_and_its_filter_narrows_the_cards(site, browser):
    base, _ = site
    reader = Reader(browser, base)
    reader.visit(base + "index.html")
    first = reader.page.eval_on_selector("main > section", "s => s.className")
    assert first == "claims" and base + "claims.html" in reader.hrefs("section.claims a")
    box = reader.page.locator("#filter")
    assert box.is_visible()
    everything = reader.page.locator("article.run:visible").count()
    box.fill("lithuania")
    shown = reader.page.eval_on_selector_all("article.run:not([hidden]) .name", "els => els.map(e => e.textContent)")
    assert shown == ["Lithuania", "Lithuania"] and everything > len(shown)
    box.fill("")
    assert reader.page.locator("article.run:visible").count() == everything
    assert not reader.problems, "\n".join(reader.problems)


def test_markup_in_the_data_never_runs_and_shows_as_text(hostile_site, browser):
    base, out = hostile_site
    reader = Reader(browser, base)
    for name in ["index.html", *_pages(out)]:
        reader.visit(base + name)
        assert reader.page.title() != "PWNED", f"{name}: injected script ran"
        assert reader.page.evaluate("document.querySelectorAll('img[src=\"x\"], main script').length") == 0, name
        assert reader.page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        text = reader.page.inner_text("body")
        if name != "index.html":
            assert "<img src=x onerror=" in text and "*star* _under_" in text, f"{name}: the text is not literal"
        emphasised = reader.page.evaluate(
            "Array.from(document.querySelectorAll('em, strong, i, b')).map(e => e.textContent.trim())"
            ".filter(t => t === 'star' || t === 'under')")
        assert not emphasised, f"{name}: markup in the data became emphasis"
    problems = [p for p in reader.problems if "PWNED" in p or "Content Security Policy" in p]
    assert not problems, "\n".join(problems)
