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


def _project():
    from indopac.build.runs import Project

    return Project.default()


def _runs(args: argparse.Namespace) -> int:
    import json

    from indopac.build.engine import DataInvalid, Inputs, run_matrix
    from indopac.build.runs import RunsError, check_notebooks, select

    project = _project()
    try:
        runs = select(run_matrix(project, Inputs.of(project)), args.only)
        check_notebooks(runs, project)
    except DataInvalid as err:
        print("\n".join(err.lines))
        print(f"{len(err.lines)} problem(s) in {err.where} (indopac validate)", file=sys.stderr)
        return 1
    except RunsError as err:
        print("\n".join(err.problems), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([r.as_dict(project) for r in runs], indent=2, ensure_ascii=False))
        return 0
    width = max(len(r.name) for r in runs)
    nb_width = max(len(project.relative(r.notebook)) for r in runs)
    for r in runs:
        params = " ".join(f"{k}={v}" for k, v in r.parameters.items())
        print(f"{r.name:<{width}}  {project.relative(r.notebook):<{nb_width}}  {params}".rstrip())
    print(f"{len(runs)} runs", file=sys.stderr)
    return 0


def _build(args: argparse.Namespace) -> int:
    from indopac.build.engine import build

    report = build(
        _project(),
        jobs=args.jobs,
        force=args.force,
        only=args.only,
        site=not args.no_site,
        show_code=args.show_code,
        progress=not args.quiet and sys.stderr.isatty(),
        timeout=args.timeout,
    )
    return report.exit_code


def _site(args: argparse.Namespace) -> int:
    from indopac.build.site import build_site, serve

    project = _project()
    report = build_site(project, show_code=args.show_code, force=args.force, progress=sys.stderr.isatty())
    print(f"site: {report.describe()}")
    if args.serve:
        serve(project.html_dir, port=args.port, label=project.relative(project.html_dir))
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="indopac", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data folder; print every problem as file:line: column: message")
    v.add_argument("data_dir", nargs="?", type=Path, default=None, help="data folder (default: the project's data/)")
    v.set_defaults(func=_validate)

    r = sub.add_parser("runs", help="print the expanded run matrix (notebooks/runs.yaml)")
    r.add_argument("--json", action="store_true", help="name, notebook, parameters and output paths of every run")
    r.add_argument("--only", action="append", metavar="PATTERN", help="runs whose name matches (fnmatch; repeatable)")
    r.set_defaults(func=_runs)

    b = sub.add_parser("build", help="execute the runs that are out of date, then refresh the HTML site")
    b.add_argument("-j", "--jobs", type=_positive, default=None, help="parallel kernels (default: number of cores)")
    b.add_argument("--force", action="store_true", help="rerun every selected run even if its inputs are unchanged")
    b.add_argument("--only", action="append", metavar="PATTERN", help="runs whose name matches (fnmatch; repeatable)")
    b.add_argument("--no-site", action="store_true", help="do not refresh reports/html")
    b.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML pages")
    b.add_argument("--timeout", type=_positive, default=None, help="seconds a single cell may run (default: no limit)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=_build)

    s = sub.add_parser("site", help="render reports/*.ipynb into reports/html/ (and serve it with --serve)")
    s.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML pages")
    s.add_argument("--force", action="store_true", help="render every page even if unchanged")
    s.add_argument("--serve", action="store_true", help="then serve reports/html on http://127.0.0.1:PORT/")
    s.add_argument("--port", type=int, default=8000, help="port for --serve (default 8000)")
    s.set_defaults(func=_site)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
