"""The ``indopac`` command line: ``validate``, ``runs``, ``build``, ``site``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _validate(args: argparse.Namespace) -> int:
    from indopac.data import DatasetError, load

    try:
        ds = load(args.data_dir)
    except DatasetError as err:
        for problem in err.problems:
            print(problem)
        n = len(err.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found in {err.data_dir}", file=sys.stderr)
        return 1
    years = ds.year_range()
    span = f"{years[0]}–{years[1]}" if years else "no dated initiatives"
    print(
        f"ok: {len(ds)} initiatives ({len(ds.undated)} undated), "
        f"{ds.initiative_parties['actor'].nunique()} parties, years {span} — {ds.data_dir}"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="indopac", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data folder; print every problem as file:line: column: message")
    v.add_argument("data_dir", nargs="?", type=Path, default=None, help="data folder (default: the project's data/)")
    v.set_defaults(func=_validate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
