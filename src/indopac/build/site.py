"""The rendered site: every executed notebook in ``reports/`` as standalone HTML, plus an index.

``build_site()`` renders ``reports/<run>.ipynb`` to ``reports/html/<run>.html`` with
nbconvert's ``lab`` template (code hidden unless ``show_code``), and writes
``reports/html/index.html``: every run grouped by notebook, with its parameters, a
thumbnail of its first figure and a relative link. Nothing on any page is fetched
from the network: the template's require.js, MathJax, Mermaid and widget loaders
are removed, images are embedded, and the CSS is inline. The folder works opened
from disk or served by any static server (``indopac site --serve``).

Rendering is incremental: a page is rendered again only when its executed
notebook, the options or this module changed (a small state file in the output
folder remembers what each page was made from).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indopac.build.runs import Project
from indopac.files import write_atomic

FORMAT = 1
STATE_FILE = ".indopac-site.json"
THUMB_WIDTH = 480

_PAGE_TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{#- indopac: the lab template without anything fetched from the network -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<link rel="icon" href="data:,">
<style type="text/css">
.indopac-nav { margin: 0 0 8px; padding: 12px 24px 6px; font: 14px/1.5 system-ui, sans-serif;
  color: #444; border-bottom: 1px solid #ddd; }
.indopac-nav a { color: #1f5f99; text-decoration: none; }
.indopac-nav a:hover { text-decoration: underline; }
.indopac-nav code { background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="indopac-nav"><a href="index.html">&larr; All reports</a>
{%- if resources.indopac_run %} &middot; run <code>{{ resources.indopac_run | e }}</code>{% endif -%}
{%- if resources.indopac_notebook %} of <code>{{ resources.indopac_notebook | e }}</code>{% endif -%}
{%- for k, v in resources.indopac_parameters %} &middot; <code>{{ k | e }} = {{ v | e }}</code>{% endfor -%}
</nav>
{%- endblock body_header -%}
"""


@dataclass
class SiteReport:
    rendered: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    index_written: bool = False
    out_dir: Path | None = None

    def describe(self) -> str:
        parts = [f"{len(self.rendered)} page{'s' if len(self.rendered) != 1 else ''} rendered"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        return ", ".join(parts) + " (reports/html/index.html)"


@dataclass(frozen=True)
class Page:
    """One executed notebook and what the index says about it."""

    run: str
    source: Path  # reports/<run>.ipynb
    notebook: str  # notebooks/02-trends.ipynb, or '' when unknown
    parameters: dict[str, Any]
    title: str

    @property
    def href(self) -> str:
        return f"{self.run}.html"

    @property
    def thumb(self) -> str:
        return f"thumbs/{self.run}.png"


def _format_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _title(nb: dict[str, Any], fallback: str) -> str:
    """The first markdown heading of a notebook, without the #s."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for line in source.splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return fallback


def _first_png(nb: dict[str, Any]) -> bytes | None:
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            if data:
                return base64.b64decode("".join(data) if isinstance(data, list) else data)
    return None


def _thumbnail(png: bytes) -> bytes:
    """A PNG at most THUMB_WIDTH pixels wide (Pillow comes with matplotlib)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        img = img.convert("RGBA") if img.mode not in ("RGB", "RGBA") else img
        if img.width > THUMB_WIDTH:
            height = max(1, round(img.height * THUMB_WIDTH / img.width))
            img = img.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        img.save(buf, format="PNG", optimize=True)
        return buf.getvalue()


def _exporter(show_code: bool):
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        template_file="indopac_page.html.j2",
        extra_loaders=[DictLoader({"indopac_page.html.j2": _PAGE_TEMPLATE})],
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=not show_code,
        embed_images=True,
    )


def render_page(page: Page, raw: bytes, show_code: bool = False, exporter=None) -> str:
    """One executed notebook (its file's bytes) as a standalone HTML page (no network assets)."""
    import nbformat

    exporter = exporter or _exporter(show_code)
    node = nbformat.reads(raw.decode("utf-8"), as_version=4)
    resources = {
        "metadata": {"name": page.title or page.run},
        "indopac_run": page.run,
        "indopac_notebook": page.notebook,
        "indopac_parameters": [(k, _format_value(v)) for k, v in page.parameters.items()],
    }
    body, _ = exporter.from_notebook_node(node, resources=resources)
    return body


def _read_pages(reports_dir: Path) -> list[tuple[Page, bytes, dict[str, Any]]]:
    pages = []
    for path in sorted(reports_dir.glob("*.ipynb")):
        raw = path.read_bytes()
        nb = json.loads(raw)
        meta = nb.get("metadata", {}).get("indopac", {})
        run = meta.get("run") or path.stem
        pages.append((Page(run, path, meta.get("notebook", ""), dict(meta.get("parameters", {})),
                           _title(nb, run)), raw, nb))
    return pages


def _code_digest() -> str:
    from importlib.metadata import version

    own = Path(__file__).read_bytes()
    return hashlib.sha256(own + version("nbconvert").encode() + version("jupyterlab_pygments").encode()).hexdigest()


def build_site(
    project: Project | None = None,
    *,
    reports_dir: Path | None = None,
    out_dir: Path | None = None,
    show_code: bool = False,
    force: bool = False,
    progress: bool = False,
) -> SiteReport:
    """Render every executed notebook of ``reports_dir`` (default reports/) into ``out_dir`` (reports/html/)."""
    project = project or Project.default()
    reports_dir = Path(reports_dir or project.reports_dir)
    out_dir = Path(out_dir or project.html_dir)
    state_path = out_dir / STATE_FILE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if state.get("format") != FORMAT:
            state = {}
    except (FileNotFoundError, ValueError):
        state = {}
    old_pages: dict[str, str] = {} if force else dict(state.get("pages", {}))
    code = _code_digest()
    report = SiteReport(out_dir=out_dir)

    pages = _read_pages(reports_dir)
    keys: dict[str, str] = {}
    todo = []
    for page, raw, nb in pages:
        key = hashlib.sha256(f"{FORMAT}:{code}:{show_code}:".encode() + raw).hexdigest()
        keys[page.run] = key
        if old_pages.get(page.run) == key and (out_dir / page.href).is_file():
            report.unchanged += 1
        else:
            todo.append((page, raw, nb))

    if todo:
        from tqdm import tqdm

        exporter = _exporter(show_code)
        for page, raw, nb in tqdm(todo, desc="indopac site", unit="page", disable=not progress, dynamic_ncols=True):
            write_atomic(out_dir / page.href, render_page(page, raw, show_code, exporter).encode("utf-8"))
            png = _first_png(nb)
            if png is not None:
                write_atomic(out_dir / page.thumb, _thumbnail(png))
            else:
                (out_dir / page.thumb).unlink(missing_ok=True)
            report.rendered.append(page.run)

    for run in sorted(set(state.get("pages", {})) - set(keys)):
        (out_dir / f"{run}.html").unlink(missing_ok=True)
        (out_dir / f"thumbs/{run}.png").unlink(missing_ok=True)
        report.removed.append(run)

    index_key = hashlib.sha256(json.dumps([code, show_code, sorted(keys.items())]).encode()).hexdigest()
    if force or todo or report.removed or state.get("index") != index_key or not (out_dir / "index.html").is_file():
        index = render_index([p for p, _, _ in pages], out_dir)
        report.index_written = write_atomic(out_dir / "index.html", index.encode("utf-8"))
    new_state = {"format": FORMAT, "index": index_key, "pages": keys}
    if new_state != state:
        write_atomic(state_path, (json.dumps(new_state, indent=1, sort_keys=True) + "\n").encode())
    return report


_INDEX_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0;
  background: #fafafa; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 2px; }
.lede, .nbfile, footer { color: #555; }
.nbfile { font-size: 13px; margin: 0 0 12px; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.runs { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 14px; }
.run { background: #fff; border: 1px solid #ddd; border-radius: 6px; overflow: hidden; }
.run a { color: inherit; text-decoration: none; display: block; }
.run a:hover { background: #f1f6fb; }
.thumb { display: block; width: 100%; height: 150px; object-fit: contain; background: #fff;
  border-bottom: 1px solid #eee; }
.nothumb { height: 150px; display: flex; align-items: center; justify-content: center; color: #888;
  border-bottom: 1px solid #eee; font-size: 13px; }
.name { font-weight: 600; padding: 8px 10px 0; color: #1f5f99; }
.params { padding: 2px 10px 10px; font-size: 13px; color: #444; min-height: 1.5em; }
footer { font-size: 13px; padding: 32px 20px 40px; }
"""


def render_index(pages: list[Page], out_dir: Path) -> str:
    """index.html: the runs grouped by notebook (in notebook order), each with parameters and a thumbnail."""
    groups: dict[str, list[Page]] = {}
    for page in pages:
        groups.setdefault(page.notebook, []).append(page)
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>indopac: rendered notebooks</title>",
        '<link rel="icon" href="data:,">',  # no favicon request
        f"<style>{_INDEX_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>European NATO–Indo-Pacific security cooperation: rendered notebooks</h1>",
        (
            f'<p class="lede">{len(pages)} executed notebook{"s" if len(pages) != 1 else ""} from '
            f"{len(groups)} source notebook{'s' if len(groups) != 1 else ''}, built by <code>indopac build</code> "
            "from the indopac dataset. Each card opens one run; its parameters are listed under its name.</p>"
        ),
        "</header>",
        "<main>",
    ]
    for notebook in sorted(groups, key=lambda n: (n == "", n)):
        members = groups[notebook]
        title = members[0].title if len(members) == 1 or not notebook else _common_title(members)
        parts.append(f"<section><h2>{e(title)}</h2>")
        parts.append(f'<p class="nbfile"><code>{e(notebook or "notebook unknown")}</code> &middot; '
                     f"{len(members)} run{'s' if len(members) != 1 else ''}</p>")
        parts.append('<div class="runs">')
        for page in members:
            if (out_dir / page.thumb).is_file():
                thumb = f'<img class="thumb" src="{e(page.thumb)}" alt="First figure of {e(page.run)}">'
            else:
                thumb = '<div class="nothumb">no figure</div>'
            params = " &middot; ".join(f"<code>{e(k)} = {e(_format_value(v))}</code>"
                                       for k, v in page.parameters.items()) or "default parameters"
            parts.append(
                f'<article class="run"><a href="{e(page.href)}">{thumb}'
                f'<div class="name">{e(page.run)}</div><div class="params">{params}</div></a></article>'
            )
        parts.append("</div></section>")
    parts += [
        "</main>",
        (
            "<footer>Rebuild with <code>make figures</code> (or <code>indopac build</code>); "
            "the executed notebooks are in <code>reports/</code>, the figures (PNG and SVG) in "
            "<code>figures/&lt;run&gt;/</code>.</footer>"
        ),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _common_title(pages: list[Page]) -> str:
    """The heading shared by a notebook's runs: the longest common prefix of their titles, tidied."""
    titles = [p.title for p in pages]
    prefix = os.path.commonprefix(titles).rstrip(" :–—-,")
    return prefix if len(prefix) >= 8 else Path(pages[0].notebook).stem


def serve(directory: Path, port: int = 8000, host: str = "127.0.0.1", label: str | None = None) -> None:
    """Serve ``directory`` over HTTP on localhost until interrupted."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(directory))
    with ThreadingHTTPServer((host, port), handler) as server:
        where = label or str(directory)
        print(f"serving {where}/ on http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
