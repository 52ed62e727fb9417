"""The indopac command line, called in process: help, version, checked parameters, builds of a copy.

One slow test runs a notebook the way the README says, from another folder, and checks that
the project's git status is unchanged: a run by hand never writes the committed outputs.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from indopac.build import adhoc
from indopac.build.cli import main
from indopac.layout import DATA_DIR, ROOT


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse: --help, --version, usage errors
        code = stop.code
    out = capsys.readouterr()
    return code, out.out, out.err


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def test_bare_indopac_prints_the_help(capsys):
    code, out, _ = run_cli(capsys)
    assert code == 0 and out.startswith("usage: indopac") and "validate" in out and "run" in out


def test_version_names_the_package_and_the_data(capsys):
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0 and out.startswith("indopac ") and "data v" in out


@pytest.mark.parametrize("command", ["validate", "runs", "build", "run", "site"])
def test_every_subcommand_help_has_a_description_an_example_and_exit_codes(capsys, command):
    code, out, _ = run_cli(capsys, command, "--help")
    assert code == 0
    assert "example:\n  indopac " in out and "exit codes:\n  0  " in out
    assert "``" not in out  # plain text, not reStructuredText


def test_run_refuses_a_misspelt_parameter_before_a_kernel_starts(capsys):
    code, out, err = run_cli(capsys, "run", "05-country-profile", "-p", "contry", "POL")
    assert code == 2 and out == ""
    assert err.strip() == ("indopac run: -p contry: not a parameter of 05-country-profile.ipynb (did you mean "
                           "'country'?); parameters: data_dir, figures_dir, reports_dir, country")


@pytest.mark.parametrize("argv, hint", [
    (["country-profile", "-p", "country", "Polnad"], "did you mean 'POL'"),
    (["02-trends", "-p", "grouping", "kinds"], "did you mean 'kind'"),
    (["03-domains", "-p", "domains", "[cyber security]"], "did you mean 'cyber'"),
])
def test_run_refuses_a_bad_value_in_one_line_with_the_valid_ones(capsys, argv, hint):
    code, _, err = run_cli(capsys, "run", *argv)
    assert code == 2
    assert err.count("\n") == 1 and hint in err and "valid: " in err and "Traceback" not in err


def test_run_takes_a_country_by_name_or_code_in_any_case():
    nb = adhoc.find_notebook("country-profile")
    for given in ("Poland", "pol", "POL"):
        assert adhoc.check(nb, [("country", given)])["country"] == "POL"
    assert adhoc.run_name(nb, {"country": "POL"}) == "country-profile-POL"


def test_run_values_are_typed_after_the_default():
    assert adhoc.parse_value("NO", "FRA") == "NO"  # a code stays text (YAML would read false)
    assert adhoc.parse_value("2", 1) == 2
    assert adhoc.parse_value("[cyber, space]", None) == ["cyber", "space"]
    assert adhoc.parse_value("None", "FRA") is None


def test_build_of_another_data_folder_needs_an_output_folder(capsys, tmp_path):
    code, _, err = run_cli(capsys, "build", "--data", str(tmp_path))
    assert code == 2 and "--out" in err


def test_build_dry_run_lists_what_would_run_and_why_and_writes_nothing(capsys, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    before = git_status()
    code, out, _ = run_cli(capsys, "build", "--data", str(data), "--out", str(tmp_path / "out"), "--dry-run", "-q")
    assert code == 0
    lines = out.strip().split("\n")
    assert lines[-1].endswith("(dry run: nothing was executed or written)")
    assert all(line.split()[1] == "new" for line in lines[:-1]) and len(lines) > 5
    assert not (tmp_path / "out").exists() and git_status() == before
    code, out, _ = run_cli(capsys, "build", "--dry-run", "--force", "--only", "overview", "-q")
    assert out.split("\n")[0].split() == ["overview", "forced"]


@pytest.mark.slow
def test_a_notebook_run_as_the_readme_says_from_another_folder_leaves_the_project_unchanged(tmp_path):
    papermill = shutil.which("papermill", path=str(ROOT / ".venv" / "bin")) or "papermill"
    before = git_status()
    done = subprocess.run(
        [papermill, str(ROOT / "notebooks" / "05-country-profile.ipynb"), "out.ipynb", "-p", "country", "POL"],
        cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Unable to parse" not in done.stderr  # the parameters cell parses cleanly
    assert git_status() == before
    assert (ROOT / "scratch" / "country-profile" / "figures" / "timeline.png").is_file()
    assert "Outputs of this run: figures in scratch/country-profile/figures/" in (tmp_path / "out.ipynb").read_text()
