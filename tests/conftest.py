"""What the tests share: a data folder built in tmp_path from inline YAML, the CLI run in-process,
and hypothesis' profiles.

A case writes only the files it needs, beside its assertions:

    data = write_files(tmp_path / "data", year_files(2024, bloc=BLOC, criteria=CRITERIA,
                                                     reports={"year": {"a": self_report("a", 2024, "year", ...)}}))
    result = run_thidua("rank", data=data)

File contents are text (written as UTF-8, exactly as given, so line:col in a message is the line
in the test), bytes (as they are), a dict or list (written as YAML), or None (the file is removed).

Hypothesis: a quick profile by default; `CI=true` loads the full one (the number of examples CI
has always run); `--hypothesis-profile=long` runs a long fuzzing session.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Dict, Mapping, Optional, Sequence, Union

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import settings

from thidua.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data"  # the bundled sample bloc, 2019 and 2020
CORPUS_BASE = ROOT / "tests" / "corpus" / "_base"  # the minimal clean year the corpus cases change

Content = Union[str, bytes, Mapping, Sequence, None]

# --- hypothesis ------------------------------------------------------------------------------------

settings.register_profile("dev", max_examples=20)
settings.register_profile("ci", max_examples=200, print_blob=True)
settings.register_profile("long", max_examples=5000, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")


# --- data folders ----------------------------------------------------------------------------------

def yaml_text(value: Union[Mapping, Sequence]) -> str:
    """A dict or list as YAML, keys in the order given, Vietnamese letters as they are."""
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000)


def write_files(root: Path, files: Mapping[str, Content]) -> Path:
    """Write each {path relative to `root`: content} (see the module's docstring); `root`."""
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content if isinstance(content, str) else yaml_text(content), encoding="utf-8")
    return root


def year_files(year: int, *, bloc: Content = None, criteria: Content = None, awards: Content = None,
               reports: Optional[Mapping[str, Mapping[str, Content]]] = None,
               reviews: Optional[Mapping[str, Content]] = None, summaries: Optional[Mapping[str, Content]] = None,
               ballots: Content = None) -> Dict[str, Content]:
    """One year's files under their names, for `write_files`; a file left out is not written.

    `reports` is {period: {unit id: self-report}}, `reviews` and `summaries` {period: file};
    periods are "h1" and "year"."""
    files: Dict[str, Content] = {}
    for name, content in (("bloc", bloc), ("criteria", criteria), ("awards", awards)):
        if content is not None:
            files[f"{year}/{name}.yaml"] = content
    for period, by_unit in (reports or {}).items():
        for unit, content in by_unit.items():
            files[f"{year}/{period}/{unit}.yaml"] = content
    for name, by_period in (("review", reviews), ("summary", summaries)):
        for period, content in (by_period or {}).items():
            files[f"{year}/{period}/{name}.yaml"] = content
    if ballots is not None:
        files[f"{year}/year/ballots.yaml"] = ballots
    return files


def self_report(unit: str, year: int, period: str = "year", body: str = "") -> str:
    """A self-report: its `unit`, `year` and `period` lines, then `body` (scores, bonus, facts...)."""
    return f"unit: {unit}\nyear: {year}\nperiod: {period}\n{body}"


def copy_data(source: Path, root: Path) -> Path:
    """A copy of the data folder `source` (SAMPLE, CORPUS_BASE) as `root`/data; that folder."""
    shutil.copytree(source, root / "data")
    return root / "data"


# --- the command line ------------------------------------------------------------------------------

def run_thidua(*args: object, data: Union[Path, str, None] = None, env: Optional[Mapping[str, Optional[str]]] = None,
               **kwargs) -> Result:
    """`thidua [--data DATA] ARGS` in this process, as a user types it, with none of the caller's
    THIDUA_DATA or GITHUB_ACTIONS (an `env` entry sets one; None unsets)."""
    argv = (["--data", str(data)] if data is not None else []) + [str(a) for a in args]
    return CliRunner().invoke(cli, argv, env={"THIDUA_DATA": None, "GITHUB_ACTIONS": None, **(env or {})}, **kwargs)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch) -> Path:
    """tmp_path as the working folder (for relative paths such as `--data data`)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
