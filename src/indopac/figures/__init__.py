"""Finished figures: the one way to put a chart, its title, notes and source line together and save it.

:mod:`~indopac.figures.steps` holds the steps (:func:`title`, :func:`add_source`,
:func:`save_figure`) and :func:`finish`, which does all of them; the recipe modules
(:mod:`~indopac.figures.overview`, ``trends``, ``domains``, ``network``, ``country``,
``recommendations``) make each notebook figure in one call.
"""

from __future__ import annotations

from indopac.figures.steps import (
    add_source,
    display_metadata,
    finish,
    place_footer,
    save_figure,
    title,
)

__all__ = ["add_source", "display_metadata", "finish", "place_footer", "save_figure", "title"]
