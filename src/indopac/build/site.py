"""The rendered site: every executed notebook in ``reports/`` as standalone HTML, plus an index.

``build_site()`` renders ``reports/<run>.ipynb`` to ``reports/html/<run>.html`` with
nbconvert's ``lab`` template (code hidden unless ``show_code``), and writes
``reports/html/index.html``. What a reader gets:

- **a way around.** Every page has a menu of every report, grouped by notebook and
  named for people (countries by their names from ``actors.csv``, not run codes),
  previous/next links, a table of contents of its own sections, and links to the
  other pages about the same country (a country profile and its recommendations).
  The index opens with the claims ledger (run ``claims``) when there is one, then
  the reports, with a filter box that narrows the cards as you type.
- **pages to read.** Prose sits in a readable column; figures and tables may be
  wider and scroll inside their own box on a phone, never the page. Cells tagged
  ``author-note`` (notes for whoever edits the notebook) are left out.
- **figures to take away.** Each image has its title and subtitle as alt text (from
  the output metadata that :mod:`indopac.figures.steps` attaches), and links to its
  PNG, SVG and CSV, copied from ``figures/<run>/`` into ``reports/html/figures/<run>/``.
  The image shown is that saved PNG, at the notebook's display size: it has twice the
  resolution of the screen image the executed notebook embeds, so it is sharp on
  high-DPI screens while ``reports/*.ipynb`` stay small.
- **no markup from the data.** Every HTML and Markdown output is cleaned against an
  allow-list (:func:`clean_html`: no script, no event handlers, no foreign images),
  and every page carries a Content-Security-Policy that allows only the scripts the
  site itself ships (by hash) and no network fetch at all.

Nothing on any page is fetched from the network: the template's require.js, MathJax,
Mermaid and widget loaders are removed, images are embedded, and the CSS is inline.
The folder works opened from disk or served by any static server (``indopac site --serve``).

Rendering is incremental: a page is rendered again only when its executed notebook,
the menu, its downloads, the options or this module changed (a small state file in
the output folder remembers what each page was made from). Output bytes depend on
nothing else, so a rebuild is byte-identical.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indopac.build.runs import Project
from indopac.files import write_atomic

FORMAT = 2
STATE_FILE = ".indopac-site.json"
THUMB_WIDTH = 480
AUTHOR_NOTE_TAG = "author-note"  # cells for notebook authors only: not on reader pages
STATIC_HTML_MIME = "application/vnd.indopac.static+html"  # an output's stand-in for the static site
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
DOWNLOADS = ("png", "svg", "csv")
CLAIMS_RUN = "claims"
FIGURE_NAME_KEY = "indopac_figure"  # = indopac.figures.steps.DISPLAY_NAME_KEY (build reads, never imports figures)

_e = html.escape


# --- the Content-Security-Policy -------------------------------------------------------------


def csp(scripts: tuple[str, ...] = ()) -> str:
    """The policy of a page that ships exactly ``scripts`` (inline sources): nothing else runs or loads.

    Scripts are allowed by their SHA-256 hash (so the policy, like the page, is the same
    bytes on every build); images only from the site itself or ``data:``; no fetch, frame,
    font, form target or base URL anywhere.
    """
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in scripts)
    return "; ".join([
        "default-src 'none'",
        f"script-src {hashes or chr(39) + 'none' + chr(39)}",
        "style-src 'unsafe-inline'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def _csp_meta(scripts: tuple[str, ...] = ()) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{_e(csp(scripts))}">'


# --- sanitising HTML from notebook outputs ----------------------------------------------------

_TAGS = frozenset(["a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var"])
_GLOBAL_ATTRS = frozenset({"class", "id", "title", "lang", "dir"})
_TAG_ATTRS = {
    "a": {"href"}, "img": {"alt", "width", "height"}, "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"}, "ol": {"start"}, "col": {"span"}, "colgroup": {"span"},
}
_IMAGE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
_BARE_IMG = re.compile(r"<img(?![^>]*\bsrc=)[^>]*>")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name in _GLOBAL_ATTRS or name in _TAG_ATTRS.get(tag, ()):
        if tag == "a" and name == "href":
            return not value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
        return True
    return tag == "img" and name == "src" and bool(_IMAGE_DATA.match(value.strip()))


def clean_html(element: Any) -> str:
    """HTML from a notebook (a Markdown cell, a table, a narrative) reduced to an allow-list.

    Tags off the list are escaped, so they show as text rather than vanish (a title
    ``<b>`` in the data reads as ``<b>``); attributes off the list (``onerror``, ``style``)
    are dropped; links cannot be ``javascript:``; images only embedded (``data:``), so a
    cleaned page requests nothing. pandas' scoped ``<style>`` blocks are dropped first
    (the site styles its tables). This replaces nbconvert's own ``clean_html``, whose
    list is too short for reports (no headings, paragraphs or table headers).
    """
    import bleach

    text = element.decode() if isinstance(element, bytes) else str(element)
    text = _STYLE_BLOCK.sub("", text)
    clean = bleach.clean(text, tags=_TAGS, attributes=_allowed_attribute,
                         protocols={"http", "https", "mailto", "data"}, strip=False, strip_comments=True)
    return _BARE_IMG.sub("", clean)  # an image whose source was refused shows nothing


# --- the pages and the menu ----------------------------------------------------------------


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


@dataclass(frozen=True)
class Entry:
    """A page as the menu names it."""

    page: Page
    label: str  # "Belgium", or the notebook's short title when it has one run
    subject: str | None  # the actor code the page is about (its country), if any


@dataclass(frozen=True)
class Group:
    """A notebook's pages in the menu."""

    title: str  # "5. Country profile"
    notebook: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class SiteMap:
    """Every page, grouped by notebook (the claims ledger first), in reading order."""

    groups: tuple[Group, ...]

    @property
    def entries(self) -> list[Entry]:
        return [entry for group in self.groups for entry in group.entries]

    def group_of(self, run: str) -> Group:
        return next(g for g in self.groups if any(e.page.run == run for e in g.entries))

    def neighbours(self, run: str) -> tuple[Entry | None, Entry | None]:
        """The previous and next page in reading order."""
        entries = self.entries
        i = next(i for i, e in enumerate(entries) if e.page.run == run)
        return (entries[i - 1] if i else None, entries[i + 1] if i + 1 < len(entries) else None)

    def related(self, run: str) -> list[tuple[Group, Entry]]:
        """Pages of other notebooks about the same country (a profile and its recommendations)."""
        me = next(e for e in self.entries if e.page.run == run)
        if me.subject is None:
            return []
        mine = self.group_of(run)
        return [(g, e) for g in self.groups if g is not mine for e in g.entries if e.subject == me.subject]

    def digest(self) -> str:
        rows = [[g.title, e.page.run, e.label, e.subject] for g in self.groups for e in g.entries]
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def actor_names(data_dir: Path | None) -> dict[str, str]:
    """``{code: readable name}`` from ``actors.csv`` (read as text: the site renders even if the data is invalid)."""
    if data_dir is None:
        return {}
    try:
        with open(Path(data_dir) / "actors.csv", encoding="utf-8", newline="") as fh:
            return {row["code"]: (row.get("label") or row.get("name") or row["code"]).strip()
                    for row in csv.DictReader(fh) if row.get("code")}
    except (FileNotFoundError, KeyError):
        return {}


def _short_title(title: str) -> str:
    """A notebook title for a menu: the part before its colon ("2. Trends and geography")."""
    return title.split(":")[0].strip() or title


def _is_claims(page: Page) -> bool:
    return page.run == CLAIMS_RUN or Path(page.notebook).stem.endswith("-claims")


def site_map(pages: list[Page], names: dict[str, str] | None = None) -> SiteMap:
    """The menu: pages grouped by notebook in notebook order (claims first), named for people."""
    names = names or {}
    by_notebook: dict[str, list[Page]] = {}
    for page in pages:
        by_notebook.setdefault(page.notebook, []).append(page)

    def order(notebook: str) -> tuple:
        return (not any(_is_claims(p) for p in by_notebook[notebook]), notebook == "", notebook)

    groups = []
    for notebook in sorted(by_notebook, key=order):
        members = by_notebook[notebook]
        if len(members) == 1 or not notebook:
            title = _short_title(members[0].title) if len(members) == 1 else "Other reports"
        else:
            title = _short_title(_common_title(members))
        entries = []
        for page in members:
            subject = next((v for v in page.parameters.values() if isinstance(v, str) and v in names), None)
            if len(members) == 1 and notebook and subject is None:
                label = title
            else:
                parts = [names[v] if isinstance(v, str) and v in names else f"{k} = {_format_value(v)}"
                         for k, v in page.parameters.items()]
                label = ", ".join(parts) or page.run
            entries.append(Entry(page, label, subject))
        entries.sort(key=lambda e: (e.label.casefold(), e.page.run))
        groups.append(Group(title, notebook, tuple(entries)))
    return SiteMap(tuple(groups))


def menu_html(smap: SiteMap, current: str | None) -> str:
    """The menu of every report (the sidebar of every page)."""
    parts = ['<nav class="indopac-menu" id="site-menu" aria-label="All reports">',
             '<p class="indopac-menu-home"><a href="index.html">All reports</a></p>', "<ul>"]
    for group in smap.groups:
        def link(entry: Entry) -> str:
            here = ' aria-current="page"' if entry.page.run == current else ""
            return f'<a href="{_e(entry.page.href)}"{here}>{_e(entry.label)}</a>'
        if len(group.entries) == 1 and group.entries[0].label == group.title:
            parts.append(f'<li class="indopac-single">{link(group.entries[0])}</li>')
        else:
            items = "".join(f"<li>{link(e)}</li>" for e in group.entries)
            parts.append(f'<li><span class="indopac-group">{_e(group.title)}</span><ul>{items}</ul></li>')
    parts += ["</ul>", "</nav>"]
    return "\n".join(parts)


def _full_label(group: Group, entry: Entry) -> str:
    return entry.label if entry.label == group.title else f"{group.title}: {entry.label}"


def _pager_html(smap: SiteMap, run: str) -> str:
    prev, nxt = smap.neighbours(run)
    cells = []
    for rel, word, entry in (("prev", "Previous", prev), ("next", "Next", nxt)):
        if entry is None:
            cells.append(f'<span class="indopac-{rel}"></span>')
        else:
            label = _full_label(smap.group_of(entry.page.run), entry)
            arrow = "&larr; " if rel == "prev" else ""
            after = " &rarr;" if rel == "next" else ""
            cells.append(f'<a class="indopac-{rel}" rel="{rel}" href="{_e(entry.page.href)}">'
                         f'<small>{word}</small> {arrow}{_e(label)}{after}</a>')
    return f'<nav class="indopac-pager" aria-label="Previous and next report">{"".join(cells)}</nav>'


def _header_html(smap: SiteMap, run: str, page: Page) -> str:
    group = smap.group_of(run)
    entry = next(e for e in group.entries if e.page.run == run)
    crumbs = f'<a href="index.html">indopac reports</a> &rsaquo; {_e(group.title)}'
    if entry.label != group.title:
        crumbs += f" &rsaquo; {_e(entry.label)}"
    params = "".join(f" <code>{_e(k)} = {_e(_format_value(v))}</code>" for k, v in page.parameters.items())
    return (f'<header class="indopac-top"><p class="indopac-crumbs">{crumbs}</p>'
            f'<p class="indopac-run">run <code>{_e(run)}</code>'
            + (f" of <code>{_e(page.notebook)}</code>" if page.notebook else "") + params
            + ' &middot; <a class="indopac-skip" href="#site-menu">menu of all reports</a></p></header>')


def _related_html(smap: SiteMap, run: str, names: dict[str, str]) -> str:
    related = smap.related(run)
    if not related:
        return ""
    me = next(e for e in smap.entries if e.page.run == run)
    who = names.get(me.subject or "", me.subject or "")
    links = " &middot; ".join(f'<a href="{_e(e.page.href)}">{_e(g.title)}</a>' for g, e in related)
    return f'<p class="indopac-related">Also about {_e(who)}: {links}</p>'


# --- one page ----------------------------------------------------------------------------

_PAGE_CSS = """
:root { --indopac-measure: 82ch; --indopac-ink: #222; --indopac-link: #1f5f99; }
[hidden] { display: none !important; }
body.indopac-page { margin: 0; padding: 0; overflow-wrap: break-word; }
.indopac-top, .indopac-menu, .indopac-pager, .indopac-toc, .indopac-related, .indopac-downloads,
.indopac-live { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #444; }
.indopac-top { padding: 10px 20px 8px; border-bottom: 1px solid #ddd; background: #fafafa; }
.indopac-top p { margin: 2px 0; }
.indopac-run { font-size: 12.5px; color: #666; }
.indopac-page a { color: var(--indopac-link); }
.indopac-top code, .indopac-menu code { background: #f0f0f0; padding: 0 4px; border-radius: 3px; }
.indopac-layout { display: grid; grid-template-columns: 250px minmax(0, 1fr); grid-template-areas: "menu content";
  max-width: 1360px; margin: 0 auto; }
.indopac-content { grid-area: content; min-width: 0; padding: 8px 24px 40px; }
.indopac-menu { grid-area: menu; padding: 14px 10px 40px 16px; border-right: 1px solid #eee;
  position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; box-sizing: border-box; }
.indopac-menu ul { list-style: none; margin: 0; padding: 0; }
.indopac-menu li { margin: 2px 0; }
.indopac-menu li ul { padding-left: 12px; margin-bottom: 8px; }
.indopac-menu .indopac-group { display: block; font-weight: 600; color: #333; margin-top: 8px; }
.indopac-menu .indopac-single { font-weight: 600; margin-top: 8px; }
.indopac-menu a { text-decoration: none; }
.indopac-menu a:hover { text-decoration: underline; }
.indopac-menu a[aria-current] { color: #000; font-weight: 700; }
.indopac-menu-home { margin: 0 0 6px; font-weight: 600; }
.indopac-pager { display: flex; justify-content: space-between; gap: 16px; margin: 10px 0; }
.indopac-pager a { text-decoration: none; max-width: 48%; }
.indopac-pager .indopac-next { text-align: right; margin-left: auto; }
.indopac-pager small { display: block; color: #777; font-size: 12px; }
.indopac-toc { max-width: var(--indopac-measure); border: 1px solid #e3e3e3; border-radius: 6px;
  background: #fcfcfc; padding: 8px 16px; margin: 8px 0 12px; }
.indopac-toc h2 { font-size: 14px; margin: 0 0 4px; }
.indopac-toc ol { margin: 0; padding-left: 20px; }
.indopac-toc li.indopac-toc-sub { margin-left: 16px; list-style: circle; }
.indopac-related { max-width: var(--indopac-measure); margin: 4px 0 8px; }
/* Prose in a readable column; figures and tables may be wider but never widen the page. */
.jp-RenderedMarkdown > *, .jp-RenderedText pre { max-width: var(--indopac-measure); }
.jp-RenderedMarkdown > table { max-width: none; }
.jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output { min-width: 0; max-width: 100%; }
.jp-RenderedHTML, .jp-RenderedMarkdown { overflow-x: auto; }
.jp-RenderedText pre { white-space: pre-wrap; }
.jp-RenderedImage img { max-width: 100%; height: auto; }
.indopac-figure { margin: 0; }
.indopac-downloads { margin: 2px 0 10px; font-size: 13px; color: #666; }
.indopac-downloads a { margin-left: 6px; }
.indopac-live { border-left: 3px solid #1f5f99; background: #f4f8fc; padding: 8px 12px; max-width: var(--indopac-measure); }
.jp-RenderedHTMLCommon table.dataframe { border-collapse: collapse; font-size: 13px; table-layout: auto; }
.jp-RenderedHTMLCommon table.dataframe th, .jp-RenderedHTMLCommon table.dataframe td { padding: 3px 8px;
  border-bottom: 1px solid #e5e5e5; text-align: left; vertical-align: top; max-width: 40em; }
.jp-RenderedHTMLCommon table.dataframe thead th { border-bottom: 1px solid #999; }
.jp-RenderedHTMLCommon table.indopac-explorer td:last-child { min-width: 22em; }
@media (max-width: 860px) {
  .indopac-layout { grid-template-columns: minmax(0, 1fr); grid-template-areas: "content" "menu"; }
  .indopac-menu { position: static; max-height: none; border-right: 0; border-top: 1px solid #ddd; padding: 14px 16px 40px; }
  .indopac-content { padding: 6px 12px 28px; }
  .jp-Cell { padding-left: 0 !important; padding-right: 0 !important; }
}
"""

_PAGE_TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{#- indopac: the lab template without anything fetched from the network, in the site's frame -#}
{%- block html_head_js -%}
{{ resources.indopac_csp_meta }}
{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<link rel="icon" href="data:,">
<style type="text/css">{{ resources.indopac_css }}</style>
{%- endblock extra_css -%}
{%- block body_header -%}
<body class="jp-Notebook indopac-page" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.indopac_header }}
<div class="indopac-layout">
<main class="indopac-content" id="content">
{{ resources.indopac_pager }}
{{ resources.indopac_related }}
<!--indopac:toc-->
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.indopac_pager }}
</main>
{{ resources.indopac_menu }}
</div>
</body>
{% endblock body_footer %}
{% block data_png scoped %}
{%- set meta = output.metadata.get('image/png', {}) -%}
{%- set name = meta.get('indopac_figure') -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<figure class="indopac-figure">
{%- set saved = (resources.indopac_downloads.get(name, []) | selectattr(0, 'equalto', 'png') | map(attribute=1) | first) if name else none -%}
{#- A saved figure shows its saved PNG (twice the notebook's resolution: sharp on high-DPI screens) at the
    notebook's display size; an unsaved one, the image the notebook embeds. -#}
<img src="{% if saved %}{{ saved | escape_html }}{% else %}data:image/png;base64,{{ output.data['image/png'] | escape_html }}{% endif %}" alt="{{ (meta.get('alt') or 'Figure') | escape_html }}"
{%- if meta.get('width') %} width="{{ meta.get('width') | escape_html }}"{% endif -%}
{%- if meta.get('height') %} height="{{ meta.get('height') | escape_html }}"{% endif %}>
{%- if name and name in resources.indopac_downloads %}
<figcaption class="indopac-downloads">Download this figure:
{%- for ext, href in resources.indopac_downloads[name] %} <a href="{{ href | escape_html }}" download>{{ ext | upper }}</a>{% endfor %}
</figcaption>
{%- endif %}
</figure>
</div>
{%- endblock data_png %}
{%- block data_javascript scoped %}{%- endblock data_javascript -%}
"""

LIVE_NOTE = ("Interactive controls appear here when the notebook runs live. Open it in JupyterLab "
             "(<code>make lab</code>, then the notebook in <code>notebooks/</code>) and run all cells; "
             "this page shows the results for the default selection.")


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
        if AUTHOR_NOTE_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            if data:
                return base64.b64decode("".join(data) if isinstance(data, list) else data)
    return None


def _figure_names(nb: dict[str, Any]) -> list[str]:
    """The saved names of the figures a notebook displays (from their output metadata)."""
    names = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("image/png", {})
            if isinstance(meta, dict) and isinstance(meta.get(FIGURE_NAME_KEY), str):
                names.append(meta[FIGURE_NAME_KEY])
    return names


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
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="lab",
        template_file="indopac_page.html.j2",
        extra_loaders=[DictLoader({"indopac_page.html.j2": _PAGE_TEMPLATE})],
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=not show_code,
        embed_images=True,
        sanitize_html=True,
        filters={"clean_html": clean_html},
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={AUTHOR_NOTE_TAG}), enabled=True)
    return exporter


def _static_outputs(node) -> None:
    """What a static page shows for live outputs: the stand-in of an interactive table, a note for widgets.

    The widgets' saved state goes too: a static page has nothing to drive them with.
    """
    node.metadata.pop("widgets", None)
    for cell in node.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data:
                output["data"] = {"text/html": f'<p class="indopac-live">{LIVE_NOTE}</p>'}
            elif STATIC_HTML_MIME in data:
                static = data[STATIC_HTML_MIME]
                output["data"] = {"text/html": "".join(static) if isinstance(static, list) else static}


_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _toc_html(body: str) -> str:
    """A table of contents of the page's own sections (its h2 and h3 headings)."""
    start = body.find('<main class="indopac-content"')
    items = []
    for level, anchor, inner in _HEADING.findall(body[start:]):
        text = html.unescape(_TAG.sub("", inner)).replace("¶", "").strip()
        if text:
            cls = ' class="indopac-toc-sub"' if level == "3" else ""
            items.append(f'<li{cls}><a href="#{_e(html.unescape(anchor))}">{_e(text)}</a></li>')
    if not items:
        return ""
    return ('<nav class="indopac-toc" aria-label="On this page"><h2>On this page</h2><ol>'
            + "".join(items) + "</ol></nav>")


def render_page(page: Page, raw: bytes, show_code: bool = False, exporter=None, *,
                smap: SiteMap | None = None, names: dict[str, str] | None = None,
                downloads: dict[str, list[tuple[str, str]]] | None = None) -> str:
    """One executed notebook (its file's bytes) as a standalone HTML page (no network assets).

    ``smap`` gives the menu, previous/next and related links (default: a site of this
    page alone); ``downloads`` maps a figure's saved name to its ``(extension, href)`` links.
    """
    import nbformat

    exporter = exporter or _exporter(show_code)
    names = names or {}
    smap = smap or site_map([page], names)
    node = nbformat.reads(raw.decode("utf-8"), as_version=4)
    _static_outputs(node)
    resources = {
        "metadata": {"name": page.title or page.run},
        "indopac_csp_meta": _csp_meta(),
        "indopac_css": _PAGE_CSS,
        "indopac_header": _header_html(smap, page.run, page),
        "indopac_pager": _pager_html(smap, page.run),
        "indopac_related": _related_html(smap, page.run, names),
        "indopac_menu": menu_html(smap, page.run),
        "indopac_downloads": downloads or {},
    }
    body, _ = exporter.from_notebook_node(node, resources=resources)
    return body.replace("<!--indopac:toc-->", _toc_html(body), 1)


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
    versions = "".join(version(p) for p in ("nbconvert", "jupyterlab_pygments", "bleach"))
    return hashlib.sha256(own + versions.encode()).hexdigest()


def _sync_downloads(page: Page, nb: dict[str, Any], figures_dir: Path, out_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """Copy a page's figure files (PNG, SVG, CSV) into the site; return the links that resolve."""
    source = figures_dir / page.run
    target = out_dir / "figures" / page.run
    links: dict[str, list[tuple[str, str]]] = {}
    keep = set()
    for name in _figure_names(nb):
        for ext in DOWNLOADS:
            path = source / f"{name}.{ext}"
            if path.is_file() and "/" not in name and not name.startswith("."):
                write_atomic(target / path.name, path.read_bytes())
                keep.add(path.name)
                links.setdefault(name, []).append((ext, f"figures/{page.run}/{path.name}"))
    if target.is_dir():
        for stale in target.iterdir():
            if stale.is_file() and stale.name not in keep:
                stale.unlink()
        if not any(target.iterdir()):
            target.rmdir()
    return links


def build_site(
    project: Project | None = None,
    *,
    reports_dir: Path | None = None,
    out_dir: Path | None = None,
    figures_dir: Path | None = None,
    data_dir: Path | None = None,
    show_code: bool = False,
    force: bool = False,
    progress: bool = False,
) -> SiteReport:
    """Render every executed notebook of ``reports_dir`` (default reports/) into ``out_dir`` (reports/html/).

    ``figures_dir`` (default figures/) holds each run's saved figures, linked as downloads;
    ``data_dir`` (default data/) gives the actors' names for the menu.
    """
    project = project or Project.default()
    reports_dir = Path(reports_dir or project.reports_dir)
    out_dir = Path(out_dir or project.html_dir)
    figures_dir = Path(figures_dir or project.figures_dir)
    names = actor_names(Path(data_dir or project.data_dir))
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
    smap = site_map([p for p, _, _ in pages], names)
    menu = smap.digest()
    keys: dict[str, str] = {}
    todo = []
    for page, raw, nb in pages:
        downloads = _sync_downloads(page, nb, figures_dir, out_dir)
        extra = json.dumps([menu, downloads], sort_keys=True)
        key = hashlib.sha256(f"{FORMAT}:{code}:{show_code}:{extra}:".encode() + raw).hexdigest()
        keys[page.run] = key
        if old_pages.get(page.run) == key and (out_dir / page.href).is_file():
            report.unchanged += 1
        else:
            todo.append((page, raw, nb, downloads))

    if todo:
        from tqdm import tqdm

        exporter = _exporter(show_code)
        for page, raw, nb, downloads in tqdm(todo, desc="indopac site", unit="page", disable=not progress,
                                             dynamic_ncols=True):
            body = render_page(page, raw, show_code, exporter, smap=smap, names=names, downloads=downloads)
            write_atomic(out_dir / page.href, body.encode("utf-8"))
            png = _first_png(nb)
            if png is not None:
                write_atomic(out_dir / page.thumb, _thumbnail(png))
            else:
                (out_dir / page.thumb).unlink(missing_ok=True)
            report.rendered.append(page.run)

    for run in sorted(set(state.get("pages", {})) - set(keys)):
        (out_dir / f"{run}.html").unlink(missing_ok=True)
        (out_dir / f"thumbs/{run}.png").unlink(missing_ok=True)
        folder = out_dir / "figures" / run
        if folder.is_dir():
            for path in folder.iterdir():
                path.unlink()
            folder.rmdir()
        report.removed.append(run)

    index_key = hashlib.sha256(json.dumps([code, show_code, menu, sorted(keys.items())]).encode()).hexdigest()
    if force or todo or report.removed or state.get("index") != index_key or not (out_dir / "index.html").is_file():
        index = render_index([p for p, _, _ in pages], out_dir, names=names)
        report.index_written = write_atomic(out_dir / "index.html", index.encode("utf-8"))
    new_state = {"format": FORMAT, "index": index_key, "pages": keys}
    if new_state != state:
        write_atomic(state_path, (json.dumps(new_state, indent=1, sort_keys=True) + "\n").encode())
    return report


# --- the index ---------------------------------------------------------------------------

_INDEX_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0;
  background: #fafafa; overflow-wrap: break-word; }
[hidden] { display: none !important; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 2px; }
a { color: #1f5f99; }
.lede, .nbfile, footer { color: #555; }
.lede { max-width: 82ch; }
.nbfile { font-size: 13px; margin: 0 0 12px; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.claims { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 320px); gap: 18px; align-items: center;
  background: #fff; border: 2px solid #1f5f99; border-radius: 8px; padding: 16px 20px; margin: 20px 0 8px; }
.claims h2 { margin: 0 0 6px; }
.claims p { margin: 0; max-width: 70ch; }
.claims img { width: 100%; height: auto; border: 1px solid #eee; }
.filter { margin: 24px 0 0; }
.filter label { font-weight: 600; margin-right: 8px; }
.filter input { font: inherit; padding: 6px 10px; width: min(420px, 100%); box-sizing: border-box;
  border: 1px solid #bbb; border-radius: 5px; }
.filter output { margin-left: 8px; color: #555; font-size: 13px; }
.runs { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 14px; }
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
@media (max-width: 640px) { .claims { grid-template-columns: minmax(0, 1fr); } h1 { font-size: 22px; } }
"""

#: The index's one script: the filter box (shown only when the script runs). Its hash is in the page's CSP.
FILTER_SCRIPT = """
(function () {
  var box = document.getElementById("filter");
  var count = document.getElementById("filter-count");
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  box.parentNode.hidden = false;
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var text = card.getAttribute("data-filter");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      card.hidden = !match;
      if (match) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("[data-filter]:not([hidden])");
    });
    count.textContent = words.length ? shown + " of " + cards.length + " reports" : "";
  });
})();
"""


def _filter_text(group: Group, entry: Entry) -> str:
    page = entry.page
    words = [group.title, entry.label, page.title, page.run, *(_format_value(v) for v in page.parameters.values())]
    return " ".join(words).lower()


def _card(group: Group, entry: Entry, out_dir: Path) -> str:
    page = entry.page
    if (out_dir / page.thumb).is_file():
        thumb = f'<img class="thumb" src="{_e(page.thumb)}" alt="First figure of {_e(_full_label(group, entry))}">'
    else:
        thumb = '<div class="nothumb">no figure</div>'
    params = " &middot; ".join(f"<code>{_e(k)} = {_e(_format_value(v))}</code>"
                               for k, v in page.parameters.items()) or "default parameters"
    return (f'<article class="run" data-filter="{_e(_filter_text(group, entry))}"><a href="{_e(page.href)}">{thumb}'
            f'<div class="name">{_e(entry.label)}</div><div class="params">{params}</div></a></article>')


def render_index(pages: list[Page], out_dir: Path, names: dict[str, str] | None = None) -> str:
    """index.html: the claims ledger first (when built), then every report grouped by notebook, with a filter box."""
    smap = site_map(pages, names)
    claims = [(g, e) for g in smap.groups for e in g.entries if _is_claims(e.page)]
    n_notebooks = len({p.notebook for p in pages})
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        _csp_meta((FILTER_SCRIPT,)),
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
            f"{n_notebooks} source notebook{'s' if n_notebooks != 1 else ''}, built by <code>indopac build</code> "
            "from the indopac dataset. Each card opens one report; its parameters are listed under its name.</p>"
        ),
        "</header>",
        "<main>",
    ]
    for group, entry in claims:
        page = entry.page
        thumb = (f'<img src="{_e(page.thumb)}" alt="First figure of the claims ledger">'
                 if (out_dir / page.thumb).is_file() else "")
        parts.append(
            f'<section class="claims" aria-label="Start here"><div><h2><a href="{_e(page.href)}">'
            f"Start here: {_e(entry.label)}</a></h2><p>{_e(page.title)}</p></div>"
            f'<a href="{_e(page.href)}">{thumb}</a></section>'
        )
    parts.append('<p class="filter" hidden><label for="filter">Filter the reports</label>'
                 '<input type="search" id="filter" placeholder="a country, a notebook, a parameter…" '
                 'autocomplete="off"><output id="filter-count" for="filter" aria-live="polite"></output></p>')
    for group in smap.groups:
        if all(_is_claims(e.page) for e in group.entries):
            continue
        n = len(group.entries)
        parts.append(f'<section class="group"><h2>{_e(group.title)}</h2>')
        parts.append(f'<p class="nbfile"><code>{_e(group.notebook or "notebook unknown")}</code> &middot; '
                     f"{n} report{'s' if n != 1 else ''}</p>")
        parts.append('<div class="runs">')
        parts += [_card(group, entry, out_dir) for entry in group.entries]
        parts.append("</div></section>")
    parts += [
        "</main>",
        (
            "<footer>Rebuild with <code>make figures</code> (or <code>indopac build</code>); "
            "the executed notebooks are in <code>reports/</code>, the figures (PNG, SVG and the CSV of their "
            "numbers) in <code>figures/&lt;run&gt;/</code>.</footer>"
        ),
        f"<script>{FILTER_SCRIPT}</script>",
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
