"""The one way to finish a figure: a finding-stating title, notes, the source line, and a byte-stable save (PNG + SVG).

Inside a notebook, a figure that went through :func:`title` is displayed at screen
resolution (:data:`~indopac.plots.style.DISPLAY_DPI`): once saved, the image shown is the
saved PNG at half size, so the notebook shows exactly what was saved and stays small,
and the site uses the saved PNG as the 2x image for high-DPI screens. The output
metadata carries the alt text (the title and subtitle) and the name the figure was saved
under, so the site can describe it and link its downloads (see :func:`display_metadata`).

Each save lays the figure out once (one tight bounding box shared by the PNG and the SVG)
instead of once per format, and the screen image reuses the saved PNG: a figure is laid out
once and drawn twice, where it was drawn six times.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from indopac.files import write_atomic
from indopac.plots.style import DISPLAY_DPI, INK, MUTED, PNG_DPI, SVG_HASHSALT, wrap

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from indopac.data import Dataset


def title(fig_or_ax: Figure | Axes, text: str, subtitle: str | None = None, *, place: bool = True) -> None:
    """Set a title that states the finding (bold, left) and an optional subtitle, wrapped to fit.

    On an Axes the title goes above that Axes; on a Figure it goes above all of them, placed
    there at once, or with ``place=False`` by :func:`save_figure` (which places it again anyway).
    """
    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else fig_or_ax.figure
    _describe(fig, text, subtitle)
    head = wrap(text, fig, 13, bold=True)
    sub = wrap(subtitle, fig, 10.5) if subtitle else None
    if isinstance(fig_or_ax, Figure):
        fig.suptitle(head + ("\n" if sub else ""), x=0.01, ha="left", fontsize=13, fontweight="bold", color=INK)
        if sub:
            fig._indopac_subtitle = fig.text(  # type: ignore[attr-defined]
                0.01, 0, sub, ha="left", va="top", fontsize=10.5, color=MUTED
            )
            if place:
                _place_subtitle(fig)
    else:
        ax = fig_or_ax
        n_sub = sub.count("\n") + 1 if sub else 0
        ax.set_title(head + "\n" * n_sub, loc="left", fontsize=13, fontweight="bold", color=INK, pad=8)
        if sub:
            ax.annotate(sub, xy=(0, 1), xycoords="axes fraction", xytext=(0, 8), textcoords="offset points",
                        ha="left", va="bottom", fontsize=10.5, color=MUTED)


def _axes_boxes(fig: Figure) -> list:
    """The tight box (display units) of each visible Axes: measuring them is most of a figure's layout time."""
    renderer = fig.canvas.get_renderer()
    return [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]


def _place_subtitle(fig: Figure, axes_boxes: list | None = None) -> None:
    """Keep a figure-level title and subtitle above every Axes (moving them up if needed).

    ``axes_boxes`` are the Axes' tight boxes when the caller has measured them already
    (moving the titles does not move an Axes).
    """
    sup = fig._suptitle
    if sup is None:
        return
    sub = getattr(fig, "_indopac_subtitle", None)
    renderer = fig.canvas.get_renderer()
    inv = fig.transFigure.inverted()
    pad = 6 / (fig.get_figheight() * 72)
    if axes_boxes is None:
        axes_boxes = _axes_boxes(fig)
    tops = [b.transformed(inv).y1 for b in axes_boxes]
    top = max(tops) if tops else 0.0
    for _ in range(2):
        box = sup.get_window_extent(renderer).transformed(inv)
        if sub is not None:
            # The suptitle ends with a blank line; the subtitle sits in it.
            line = (box.y1 - box.y0) / (sup.get_text().count("\n") + 1)
            sub.set_y(box.y0 + line * 0.95)
            bottom = sub.get_window_extent(renderer).transformed(inv).y0
        else:
            bottom = box.y0
        if bottom >= top + pad:
            break
        sup.set_y(sup.get_position()[1] + (top + pad - bottom))


def add_source(fig: Figure, ds: Dataset, note: str | None = None, *, place: bool = True) -> None:
    """Put the source line (and an optional note) at the bottom left of the figure.

    The text is placed below everything else drawn so far, and placed again by
    :func:`save_figure` just before saving, so it never covers tick labels
    (``place=False`` leaves the placing to that save).
    """
    text = ds.source_line if not note else f"{note}\n{ds.source_line}"
    text = "\n".join(wrap(line, fig, 8.5) for line in text.split("\n"))
    old = getattr(fig, "_indopac_source", None)
    if old is not None:
        old.remove()
    fig._indopac_source = fig.text(  # type: ignore[attr-defined]
        0.01, 0.0, text, ha="left", va="top", fontsize=8.5, color=MUTED, linespacing=1.35
    )
    if place:
        place_footer(fig)


def place_footer(fig: Figure) -> None:
    """Move the source line just below the lowest artist (called again on save)."""
    src = getattr(fig, "_indopac_source", None)
    if src is None:
        return
    boxes = _axes_boxes(fig)
    _place_subtitle(fig, boxes)
    src.set_visible(False)
    renderer = fig.canvas.get_renderer()
    boxes += [
        t.get_window_extent(renderer) for t in fig.texts if t is not src and t.get_visible() and t.get_text()
    ]
    boxes += [leg.get_window_extent(renderer) for leg in fig.legends]
    boxes = [b for b in boxes if b is not None and np.isfinite(b.y0)]
    inv = fig.transFigure.inverted()
    if boxes:
        y0 = min(inv.transform((0, b.y0))[1] for b in boxes)
        x0 = min(inv.transform((b.x0, 0))[0] for b in boxes)
    else:
        y0, x0 = 0.0, 0.01
    src.set_position((x0, y0 - 8 / (fig.get_figheight() * 72)))
    src.set_visible(True)


# --- saving ------------------------------------------------------------------------------


def _render(fig: Figure, **kwargs) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, **kwargs)
    return buffer.getvalue()


@contextmanager
def _no_layout_pass(fig: Figure):
    """Within: the figure has no layout engine, if all it has is the placeholder ``tight_layout()`` leaves.

    ``Figure.tight_layout()`` lays the figure out once and leaves a placeholder engine that
    does nothing, but any engine makes ``savefig`` draw the whole figure once more, to no
    effect, before the real draw.
    """
    engine = fig.get_layout_engine()
    if not isinstance(engine, PlaceHolderLayoutEngine):
        yield
        return
    fig.set_layout_engine(None)
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


def _tight_box(fig: Figure):
    """The figure's tight bounding box (inches, padded as ``savefig`` pads it), measured once.

    ``savefig(bbox_inches="tight")`` computes this with a full dry-run draw for every
    format; computed once and passed as a box, it costs one measurement per save. Only a
    figure with a layout engine (constrained layout) needs that dry run, to be laid out.
    """
    if fig.get_layout_engine() is not None:
        fig.draw_without_rendering()  # runs the layout engine (constrained layout), as a real draw would
    return fig.get_tightbbox(fig.canvas.get_renderer()).padded(matplotlib.rcParams["savefig.pad_inches"])


def save_figure(
    fig: Figure, name: str, figures_dir: Path | str | None = None, *, data: pd.DataFrame | None = None
) -> list[Path]:
    """Write ``<name>.png`` and ``<name>.svg`` (and ``<name>.csv`` of ``data``) into ``figures_dir``.

    ``data`` is the table of the numbers the figure plots, for readers who want them
    (as Our World in Data's chart downloads): written without the index, UTF-8, ``\n``
    line ends, so it too is identical on every rebuild. Returns the paths written.

    Deterministic to the byte (no dates, no software stamp, a fixed SVG hash
    salt), and atomic: each file is written beside its target and renamed into
    place, so a reader never sees half a figure. The folder is created if
    needed; the figure stays open (the caller may still show it).
    ``figures_dir=None`` means the project's ``figures/`` folder.
    """
    from indopac.layout import FIGURES_DIR

    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"name: {name!r} is not valid; valid: a plain file stem such as 'trend-by-year'")
    folder = Path(figures_dir) if figures_dir is not None else FIGURES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    with _no_layout_pass(fig), matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none"}):
        place_footer(fig)
        box = _tight_box(fig)
        png_bytes = _render(fig, format="png", dpi=PNG_DPI, bbox_inches=box, metadata={"Software": None})
        svg_bytes = _render(fig, format="svg", bbox_inches=box, metadata={"Date": None, "Creator": None})
    write_atomic(png, png_bytes)
    write_atomic(svg, svg_bytes)
    paths = [png, svg]
    fig._indopac_name = name  # type: ignore[attr-defined]  # the site links the saved files
    fig._indopac_png = png_bytes  # type: ignore[attr-defined]  # the notebook shows it at half size
    # Saving restored the figure's size and dpi, which marks it stale; from here on, only a
    # change to an artist does (matplotlib propagates it up), and then the screen image is redrawn.
    fig.stale = False
    if data is not None:
        csv = folder / f"{name}.csv"
        write_atomic(csv, data.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        paths.append(csv)
    return paths


def with_labels(table: pd.DataFrame, column: str, ds: Dataset, kind: str | None = None) -> pd.DataFrame:
    """``table`` with ``<column>_label`` right after ``column``: the readable name of each code.

    ``kind`` is the label kind when it differs from the column's name (``"actor"`` for a
    column ``european``). A figure's CSV carries codes and names, so it reads on its own.
    """
    from indopac.labels import labels

    out = table.copy()
    out.insert(out.columns.get_loc(column) + 1, f"{column}_label", labels(kind or column, out[column], ds))
    return out


def finish(
    fig_or_ax: Figure | Axes,
    ds: Dataset,
    headline: str,
    subtitle: str | None = None,
    *,
    note: str | None = None,
    name: str | None = None,
    figures_dir: Path | str | None = None,
    data: pd.DataFrame | None = None,
) -> Figure:
    """Title, subtitle, the source line (with ``note``) and, when ``name`` is given, the save.

    ``data``, the numbers the chart plots, is saved beside the images as ``<name>.csv``.

    Every figure of the project goes through here, so they all carry the same parts in
    the same order. Returns the figure (the notebook displays it).
    """
    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else fig_or_ax.figure
    # Measuring every label to place the title and the source line is most of a figure's
    # layout time; when the figure is saved next, the save places them, once.
    saving = name is not None
    title(fig_or_ax, headline, subtitle=subtitle, place=not saving)
    add_source(fig, ds, note, place=not saving)
    if saving:
        save_figure(fig, name, figures_dir, data=data)
    return fig


# --- display in a notebook: alt text and a screen-resolution PNG ------------------------------

DISPLAY_NAME_KEY = "indopac_figure"  # output metadata key (under image/png) for the saved name


def _describe(fig: Figure, headline: str, subtitle: str | None) -> None:
    """Remember a title as the figure's description (several Axes titles are joined)."""
    sentence = headline.strip()
    if subtitle:
        sentence = f"{sentence.rstrip('.')}. {subtitle.strip()}"
    parts = [*getattr(fig, "_indopac_alt", ()), sentence]
    fig._indopac_alt = tuple(dict.fromkeys(parts))  # type: ignore[attr-defined]
    _install_display()


def display_metadata(fig: Figure) -> dict[str, str]:
    """What a displayed figure says about itself: ``alt`` (its titles) and, once saved, its name."""
    meta = {}
    alt = getattr(fig, "_indopac_alt", ())
    if alt:
        meta["alt"] = " ".join(alt)
    name = getattr(fig, "_indopac_name", None)
    if name:
        meta[DISPLAY_NAME_KEY] = name
    return meta


def screen_png(fig: Figure) -> bytes:
    """The figure as a notebook shows it: a PNG at :data:`~indopac.plots.style.DISPLAY_DPI`.

    A figure unchanged since it was saved shows its saved PNG at half size (the same
    picture, each pixel the mean of four), so what a reader sees is what was saved and it
    costs no third drawing; a figure never saved, or changed since (an analyst adjusting
    it in JupyterLab), is drawn at that resolution.
    """
    saved = getattr(fig, "_indopac_png", None)
    if saved is None or fig.stale:
        return _render(fig, format="png", dpi=DISPLAY_DPI, bbox_inches=_tight_box(fig), metadata={"Software": None})
    from PIL import Image

    factor = PNG_DPI // DISPLAY_DPI
    with Image.open(io.BytesIO(saved)) as image:
        small = image.reduce(factor)
    out = io.BytesIO()
    small.save(out, format="png")
    return out.getvalue()


def _png_with_description(fig: Figure):
    """The IPython image/png formatter for figures: the screen PNG plus width, height and alt metadata."""
    import base64

    from PIL import Image

    png = screen_png(fig)
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    meta = {"width": width, "height": height, **display_metadata(fig)}
    return base64.b64encode(png).decode("ascii"), meta


def _install_display() -> None:
    """Inside IPython, display figures through :func:`_png_with_description` (once per session)."""
    import sys

    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        current = formatter.lookup_by_type(Figure)
    except KeyError:
        current = None
    if current is not _png_with_description:
        formatter.for_type(Figure, _png_with_description)


def warm_up() -> None:
    """Draw a throwaway figure (regular and bold text, PNG and SVG) so fonts and glyph caches are loaded.

    The build runs this in each kernel before its run starts (:mod:`indopac.build.kernels`):
    the first figure of a run then costs what every later one costs. It draws through the
    Figure API, not pyplot, so no notebook ever displays it.
    """
    fig = Figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "Warm-up 0123456789", fontsize=10.5)
    fig.text(0.1, 0.2, "Warm-up", fontsize=13, fontweight="bold")
    for fmt in ("png", "svg"):
        fig.savefig(io.BytesIO(), format=fmt, dpi=PNG_DPI)
