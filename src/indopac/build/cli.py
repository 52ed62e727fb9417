"""The indopac command line: validate, runs, build, run, site.

Exit codes, for every command: 0 done; 1 the data, a run or the site failed; 2 a usage
error (an unknown option, a bad parameter name or value).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: exit code of a usage error (argparse's own)
USAGE = 2


def _validate(args: argparse.Namespace) -> int:
    from indopac.data import DatasetError, load

    try:
        ds = load(args.data_dir)
        if args.record_published:
            from indopac.data.dataset import record_published

            record = record_published(ds.data_dir)
            print(f"recorded {record['initiatives']} initiatives as published in {ds.data_dir / 'datapackage.json'}")
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
    print(ds.edition if not ds.published else f"{ds.edition} (the published version)")
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

    project = _project()
    if args.data is not None or args.out is not None:
        from indopac.layout import Project

        project = Project(args.out or project.root, data=args.data, notebooks=project.notebooks_dir)
    report = build(
        project,
        jobs=args.jobs,
        force=args.force,
        only=args.only,
        site=not args.no_site,
        show_code=args.show_code,
        progress=not args.quiet and sys.stderr.isatty(),
        timeout=args.timeout,
        dry_run=args.dry_run,
    )
    return report.exit_code


def _run(args: argparse.Namespace) -> int:
    from indopac.build.adhoc import RunError, run_notebook

    try:
        result = run_notebook(args.notebook, args.parameter or [], out_dir=args.out, data_dir=args.data)
    except RunError as err:
        print(f"indopac run: {err}", file=sys.stderr)
        return err.exit_code
    print(result)
    return 0


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


def _sub(sub, name: str, summary: str, description: str, example: str, exits: str) -> argparse.ArgumentParser:
    """A subcommand whose help has a description, an example and its exit codes, in plain text."""
    return sub.add_parser(
        name, help=summary, description=description,
        epilog=f"example:\n  {example}\n\nexit codes:\n{exits}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("indopac")
    except PackageNotFoundError:  # pragma: no cover -- run from a source tree without installing
        from indopac import __version__

        return __version__


def _data_version() -> str:
    import json

    from indopac.layout import DATA_DIR

    try:
        return str(json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8")).get("version", "?"))
    except (OSError, ValueError):
        return "?"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="indopac", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  indopac validate && indopac build\n\n'indopac COMMAND --help' describes each command.",
    )
    p.add_argument("--version", action="version", version=f"indopac {_version()} (data v{_data_version()})")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    v = _sub(sub, "validate", "check a data folder; print every problem as file:line: column: message",
             "Check a data folder against its schema and its own tables. Prints 'ok: ...' with counts and\n"
             "whether it is the published version, or one line per problem.",
             "indopac validate path/to/my-data",
             "  0  the data is valid\n  1  it has problems (one line each)\n  2  usage error")
    v.add_argument("data_dir", nargs="?", type=Path, default=None, help="data folder (default: the project's data/)")
    v.add_argument("--record-published", action="store_true",
                   help="for maintainers: record these initiatives as the published version in datapackage.json")
    v.set_defaults(func=_validate)

    r = _sub(sub, "runs", "print the expanded run matrix (notebooks/runs.yaml)",
             "Print every run of notebooks/runs.yaml after expansion: name, notebook, parameters.",
             "indopac runs --only 'country-profile-*' --json",
             "  0  listed\n  1  the data or the matrix is invalid\n  2  usage error")
    r.add_argument("--json", action="store_true", help="name, notebook, parameters and output paths of every run")
    r.add_argument("--only", action="append", metavar="PATTERN", help="runs whose name matches (fnmatch; repeatable)")
    r.set_defaults(func=_runs)

    b = _sub(sub, "build", "execute the runs that are out of date, then refresh the HTML site",
             "Validate the data, then execute every run of notebooks/runs.yaml whose inputs changed, in\n"
             "parallel, writing figures/<run>/ and reports/<run>.ipynb atomically. Only this command writes\n"
             "the committed outputs. With --data and --out it builds a copy of the data into another folder.",
             "indopac build --data ~/my-data --out ~/my-build --dry-run",
             "  0  every run is up to date\n  1  the data or matrix is invalid, or a run or the site failed\n"
             "  2  usage error")
    b.add_argument("-j", "--jobs", type=_positive, default=None, help="parallel kernels (default: number of cores)")
    b.add_argument("--force", action="store_true", help="rerun every selected run even if its inputs are unchanged")
    b.add_argument("--only", action="append", metavar="PATTERN", help="runs whose name matches (fnmatch; repeatable)")
    b.add_argument("--data", type=Path, default=None, metavar="DIR", help="build this data folder instead of data/")
    b.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="write figures/ and reports/ under DIR instead of the project (default with --data: required)")
    b.add_argument("--dry-run", action="store_true", help="list what would run and why (new, stale, forced); run nothing")
    b.add_argument("--no-site", action="store_true", help="do not refresh reports/html")
    b.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML pages")
    b.add_argument("--timeout", type=_positive, default=None, help="seconds a single cell may run (default: no limit)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=_build)

    n = _sub(sub, "run", "run one notebook with checked parameters; outputs go to scratch/",
             "Run one notebook with papermill. Every -p NAME VALUE is checked against the notebook's\n"
             "parameters cell and the data before a kernel starts: a misspelt name or a bad value is one\n"
             "line naming the valid values. A country may be a code in any case or a name (pol, Poland).\n"
             "Outputs go to scratch/<run>/ (git-ignored) or to -o DIR, never to figures/ or reports/.",
             "indopac run 05-country-profile -p country Poland",
             "  0  the notebook ran\n  1  a cell failed (the executed notebook is kept)\n"
             "  2  usage error: unknown notebook, parameter name or value")
    n.add_argument("notebook", help="a notebook path, or its name in notebooks/ (05-country-profile, country-profile)")
    n.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="a parameter (repeatable); lists and mappings in YAML: -p strengths '[cyber, space]'")
    n.add_argument("-o", "--out", type=Path, default=None, metavar="DIR", help="output folder (default: scratch/<run>/)")
    n.add_argument("--data", type=Path, default=None, metavar="DIR", help="data folder (default: the project's data/)")
    n.set_defaults(func=_run)

    s = _sub(sub, "site", "render reports/*.ipynb into reports/html/ (and serve it with --serve)",
             "Render the executed notebooks into standalone HTML pages with an index.",
             "indopac site --serve --port 8000",
             "  0  rendered (and served until interrupted)\n  1  rendering failed\n  2  usage error")
    s.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML pages")
    s.add_argument("--force", action="store_true", help="render every page even if unchanged")
    s.add_argument("--serve", action="store_true", help="then serve reports/html on http://127.0.0.1:PORT/")
    s.add_argument("--port", type=int, default=8000, help="port for --serve (default 8000)")
    s.set_defaults(func=_site)
    return p


def main(argv: list[str] | None = None) -> int:
    from indopac.build.nbimport import import_nbformat

    import_nbformat()  # before anything imports it the usual way: a second less per command
    p = parser()
    args = p.parse_args(argv)
    if args.command is None:  # bare `indopac`: the help, not an error
        p.print_help()
        return 0
    if args.command == "build" and args.data is not None and args.out is None:
        p.error("build --data needs --out DIR: a copy of the data is built outside the project's figures/ and reports/")
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
