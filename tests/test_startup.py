"""Start-up stays short: each command imports only what it uses (see docs/performance.md).

Times are measured by benchmarks/run.py, not here; this checks the imports that made them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "data"

PROBE = """
import sys
before = set(sys.modules)
sys.argv = ["thidua"] + sys.argv[1:]
from thidua.cli import cli
from thidua.console import run
try:
    run(cli)
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + repr(sorted(set(sys.modules) - before)))
"""

HEAVY = ("jinja2", "docx", "docxtpl", "openpyxl", "ruamel", "tabulate", "wcwidth", "json", "csv", "difflib",
         "importlib.metadata", "jsonschema")


def imported(*args: str) -> set:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, timeout=120)
    marker = done.stderr.rsplit(b"\nMODULES ", 1)
    assert len(marker) == 2, done.stderr.decode("utf-8", "replace")
    return set(ast.literal_eval(marker[1].decode()))


@pytest.mark.parametrize("args", [("--help",), ("--data", str(SAMPLE), "rank"),
                                  ("--data", str(SAMPLE), "validate")], ids=" ".join)
def test_a_command_imports_no_heavy_library(args):
    found = imported(*args)
    heavy = sorted(m for m in found if m.split(".")[0] in HEAVY or m in HEAVY)
    assert heavy == []
    if args == ("--help",):
        assert not any(m == "yaml" or m.startswith("thidua.") and m not in (
            "thidua.cli", "thidua.clickvi", "thidua.console", "thidua.errors") for m in found), sorted(found)
