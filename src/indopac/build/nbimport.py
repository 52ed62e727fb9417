"""nbformat without a second of parser building: the import indopac's own processes use.

nbformat validates notebooks with jsonschema, and importing jsonschema imports every
optional format checker it finds installed. One of them, rfc3987-syntax (installed for
JupyterLab, through jupyter-events), builds 38 Lark parsers for IRIs at import: about 1 s
of CPU in every process that reads a notebook (each build worker, the ``indopac`` command,
each test process). nbformat never checks formats (it validates without a format
checker) and indopac uses no jsonschema of its own, so the IRI checks are never run.

:func:`import_nbformat` imports nbformat with that one optional module hidden, then
unhides it: jsonschema in this process has no ``iri``/``iri-reference`` checks, and any
later ``import rfc3987_syntax`` works as usual. It is called where indopac owns the
process (the command line, build workers, the test session), never on ``import indopac``,
so an analyst's kernel keeps jsonschema as installed.
"""

from __future__ import annotations

import sys
from types import ModuleType

#: jsonschema's optional IRI checker, and the only costly import nbformat pulls in
SKIPPED = "rfc3987_syntax"


def import_nbformat() -> ModuleType:
    """``import nbformat``, skipping jsonschema's IRI checks if jsonschema is not imported yet."""
    hide = "jsonschema" not in sys.modules and SKIPPED not in sys.modules
    if hide:
        sys.modules[SKIPPED] = None  # type: ignore[assignment]  # import raises ImportError, which jsonschema expects
    try:
        import nbformat
    finally:
        if hide and sys.modules.get(SKIPPED, ModuleType(SKIPPED)) is None:
            del sys.modules[SKIPPED]
    return nbformat
