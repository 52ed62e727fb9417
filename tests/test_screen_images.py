"""What a notebook embeds for a figure: the saved PNG at half size (screen resolution), redrawn if changed since.

The print-quality PNG and the SVG stay in figures/; the executed notebooks in reports/
carry the screen image only, and the site shows the saved PNG as the high-DPI version.
"""

from __future__ import annotations

import base64
import io
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from indopac.figures import steps
from indopac.layout import ROOT
from indopac.plots.style import DISPLAY_DPI, PNG_DPI


def _figure(ds):
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar(["a", "b", "c"], [3, 1, 2])
    steps.finish(fig, ds, "Three bars, a the tallest", "Initiatives")
    return fig


def _size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def test_a_saved_figure_shows_its_saved_png_at_half_size(shipped, tmp_path):
    fig = _figure(shipped)
    steps.save_figure(fig, "bars", tmp_path)
    saved = (tmp_path / "bars.png").read_bytes()
    shown = steps.screen_png(fig)
    width, height = _size(saved)
    assert PNG_DPI == 2 * DISPLAY_DPI
    assert _size(shown) == (-(-width // 2), -(-height // 2))  # half, an odd pixel rounded up
    with Image.open(io.BytesIO(saved)) as image:
        expected = image.reduce(2)
    with Image.open(io.BytesIO(shown)) as image:
        assert image.tobytes() == expected.tobytes()
    plt.close(fig)


def test_a_figure_changed_after_saving_is_drawn_again_with_the_change(shipped, tmp_path):
    fig = _figure(shipped)
    steps.save_figure(fig, "bars", tmp_path)
    before = steps.screen_png(fig)
    fig.axes[0].set_ylim(0, 10)
    after = steps.screen_png(fig)
    assert after != before
    assert abs(_size(after)[0] - _size(before)[0]) <= 2  # the same figure, drawn at the same resolution
    plt.close(fig)


def test_the_display_metadata_gives_the_screen_size_and_the_alt_text(shipped, tmp_path):
    fig = _figure(shipped)
    steps.save_figure(fig, "bars", tmp_path)
    data, meta = steps._png_with_description(fig)
    assert (meta["width"], meta["height"]) == _size(base64.b64decode(data))
    assert meta["alt"].startswith("Three bars, a the tallest")
    assert meta[steps.DISPLAY_NAME_KEY] == "bars"
    plt.close(fig)


def _embedded_images(report: str):
    nb = json.loads((ROOT / "reports" / report).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            name = output.get("metadata", {}).get("image/png", {}).get(steps.DISPLAY_NAME_KEY)
            if png and name:
                yield name, base64.b64decode(png)


@pytest.mark.parametrize("report, run", [("trends.ipynb", "trends"), ("country-profile-FRA.ipynb", "country-profile-FRA"),
                                         ("recommendations-LTU.ipynb", "recommendations-LTU")])
def test_executed_notebooks_embed_screen_images_and_figures_keep_print_quality(report, run):
    images = list(_embedded_images(report))
    assert images, f"{report} embeds no saved figure"
    for name, png in images:
        saved = (ROOT / "figures" / run / f"{name}.png").read_bytes()
        width, height = _size(saved)
        assert _size(png) == (-(-width // 2), -(-height // 2)), name
        assert len(png) < len(saved)
