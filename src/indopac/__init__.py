"""indopac: European NATO–Indo-Pacific security and defence cooperation, as data.

Quick start::

    import indopac
    ds = indopac.load()            # validated tables + long views
    ds.initiatives.head()
    print(ds.cite())

Everything is imported on first use (``indopac.load`` pulls in pandas and
pandera; ``indopac.plots`` matplotlib; ``indopac.build`` the build engine), so that
``import indopac`` itself costs almost nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

# public name -> module that defines it
_EXPORTS = {
    "load": "indopac.data",
    "validate": "indopac.data",
    "Dataset": "indopac.data",
    "DatasetError": "indopac.data",
    "check_params": "indopac.params",
    "ParameterError": "indopac.params",
}
_SUBMODULES = {
    "analysis", "build", "data", "figures", "files", "findings", "labels", "layout", "notebook",
    "params", "plots", "text",
}

__all__ = ["__version__", *_EXPORTS]  # noqa: PLE0604 (a list of str keys)

if TYPE_CHECKING:  # pragma: no cover
    from indopac.data import Dataset, DatasetError, load, validate  # noqa: F401
    from indopac.params import ParameterError, check_params  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"indopac.{name}")
    raise AttributeError(f"module 'indopac' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, *_SUBMODULES])
