"""The rendered site in a real browser: headless Chromium over the site served on localhost.

Renders the committed executed notebooks (reports/*.ipynb) into a temporary folder
— or, in a project that has none yet, the pages of a tiny build — serves it with
http.server on 127.0.0.1, and checks with Playwright that the index loads, every
link resolves, every image decodes, nothing is fetched from another host and no
console error appears. Screenshots of the index and one report are saved in the
test's temporary folder.

Skips when /usr/bin/chromium is missing (``apt-get install chromium``), unless
INDOPAC_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from buildkit import frozen_library, tiny_project

from indopac.build import engine as b
from indopac.build import site
from indopac.layout import Project

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

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


def _committed_reports(project: Project) -> bool:
    for path in project.reports_dir.glob("*.ipynb"):
        if "indopac" in json.loads(path.read_text(encoding="utf-8")).get("metadata", {}):
            return True
    return False


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, site folder, requests log) for a site built in a temporary folder."""
    _need_browser()
    base = tmp_path_factory.mktemp("browser")
    project = Project.default()
    if _committed_reports(project):
        out = base / "html"
        site.build_site(project, out_dir=out)
    else:
        tiny = Project(tiny_project(base / "project"), library=frozen_library(base))
        with open(base / "build.log", "w") as log:
            assert b.build(tiny, progress=False, out=log).exit_code == 0, (base / "build.log").read_text()
        out = tiny.html_dir
    log: list[tuple[str, int]] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_request(self, code="-", size="-"):
            log.append((self.path, int(code) if str(code).isdigit() else 0))

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", out, log
    finally:
        server.shutdown()
        server.server_close()


def test_the_site_loads_links_resolve_images_decode_and_the_console_stays_clean(served, tmp_path):
    from playwright.sync_api import sync_playwright

    base_url, out, log = served
    host = urlparse(base_url).netloc
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https")
                    and urlparse(r.url).netloc != host and problems.append(f"fetched from the network: {r.url}"))

            def visit(url: str) -> list[str]:
                response = page.goto(url, wait_until="load")
                assert response is not None and response.status == 200, f"{url}: HTTP {response and response.status}"
                images = page.evaluate(
                    "Array.from(document.images).map(i => [i.getAttribute('src').slice(0, 40), i.naturalWidth])")
                problems.extend(f"{url}: image {src}... does not decode" for src, width in images if not width)
                return page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")

            index_links = visit(base_url + "index.html")
            assert page.title() and page.locator("article.run").count() >= 1
            page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
            reports = sorted({urldefrag(u).url for u in index_links if urlparse(u).netloc == host})
            assert reports, "the index links to no report"
            cards = page.locator("article.run").count()
            assert len(reports) == cards == len(list(out.glob("*.html"))) - 1
            for number, url in enumerate(reports):
                links = visit(url)
                if number == 0:
                    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
                for link in links:
                    target, _fragment = urldefrag(link)
                    if urlparse(target).netloc != host:
                        continue  # a link to the outside world (a cited source): followed by readers, not here
                    status = context.request.get(target).status
                    if status != 200:
                        problems.append(f"{url}: link {link} -> HTTP {status}")
                assert urljoin(url, "index.html") in links, f"{url} has no link back to the index"
        finally:
            browser.close()
    errors = [f"{path} -> {code}" for path, code in log if code != 200]
    assert not errors, errors
    assert not problems, "\n".join(problems)
    assert (tmp_path / "index.png").stat().st_size > 10_000 and (tmp_path / "report.png").stat().st_size > 10_000
    print(f"screenshots: {tmp_path / 'index.png'}, {tmp_path / 'report.png'}")
