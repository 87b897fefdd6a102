"""README.md shows what thidua really prints: its examples on the sample bloc are re-run here.

Only the examples that run on the sample as shipped and are printed whole (no `...`) are checked
here; the ones on a broken copy or a new bloc (the walk-through), and `--help` (click wraps it to
the terminal's width), were pasted from a run by hand.
"""
from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT, SAMPLE, copy_data, run_thidua

CHECKED = ["thidua rank 2020", "thidua rank 2020 --half 1", "thidua units",
           "thidua history cong-an"]


def readme_examples() -> dict:
    """Each `$ thidua ...` line of README's code blocks (its first occurrence) -> the lines after it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples: dict = {}
    for block in re.findall(r"^```\n(.*?)^```$", text, re.S | re.M):
        command = None
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:] if line[2:] not in examples else None
                if command is not None:
                    examples[command] = []
            elif command is not None:
                examples[command].append(line)
    return examples


@pytest.mark.parametrize("command", CHECKED)
def test_readme_output_is_what_the_tool_prints(command, workdir):
    copy_data(SAMPLE, workdir)
    shown = readme_examples()[command]
    while shown and not shown[-1]:
        shown.pop()

    result = run_thidua(*shlex.split(command)[1:])

    assert result.exit_code == 0, result.output
    assert result.output.rstrip("\n").split("\n") == shown
