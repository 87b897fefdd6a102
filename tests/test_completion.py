"""Shell completion through click's own mechanism (_THIDUA_COMPLETE)."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, run_thidua, write_files, year_files


def _complete(mode, words="", cword=0, data=None):
    env = {"_THIDUA_COMPLETE": mode, "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    if data is not None:
        env["THIDUA_DATA"] = str(data)
    return run_thidua(prog_name="thidua", env=env)


def test_bash_and_zsh_scripts_are_printed():
    bash = _complete("bash_source")
    zsh = _complete("zsh_source")
    assert bash.exit_code == 0 and "complete -o nosort -F _thidua_completion thidua" in bash.output
    assert zsh.exit_code == 0 and zsh.output.startswith("#compdef thidua")


def test_commands_and_choices_complete():
    commands = _complete("bash_complete", "thidua ", 1)
    formats = _complete("bash_complete", "thidua rank --format x", 3)
    assert {"plain,units", "plain,init", "plain,export-sheet", "plain,import-scores",
            "plain,history"} <= set(commands.output.split())
    assert formats.output.split() == ["plain,xlsx"]


def test_unit_ids_complete_from_the_latest_year(tmp_path):
    write_files(tmp_path / "data", year_files(2024, bloc=(
        "year: 2024\nname: Khối\nplace: Huế\nlevel: tinh\nchair: tand\nunits:\n"
        "  - {id: tand, name: Tòa án}\n  - {id: thanh-tra, name: Thanh tra}\n  - {id: cong-an, name: Công an}\n")))
    # As the PowerShell snippet calls it: the words before the cursor, COMP_CWORD past the last one.
    history = _complete("bash_complete", "thidua history ", 2, data=tmp_path / "data")
    unit = _complete("bash_complete", "thidua export-sheet --unit t", 3, data=tmp_path / "data")
    assert history.output.split() == ["plain,tand", "plain,thanh-tra", "plain,cong-an"]
    assert unit.output.split() == ["plain,tand", "plain,thanh-tra"]


def test_unit_completion_stays_quiet_without_data(tmp_path):
    result = _complete("bash_complete", "thidua history ", 2, data=tmp_path / "khong-co")
    assert result.exit_code == 0
    assert result.output.split() == []


def test_completion_page_documents_each_shell():
    page = (ROOT / "docs" / "commands" / "completion.md").read_text(encoding="utf-8")
    for needle in ("_THIDUA_COMPLETE=bash_source thidua", "_THIDUA_COMPLETE=zsh_source thidua",
                   "Register-ArgumentCompleter -Native -CommandName thidua", "bash_complete"):
        assert needle in page


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_in_a_real_bash(tmp_path):
    shim = tmp_path / "thidua"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m thidua "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    script = ('eval "$(_THIDUA_COMPLETE=bash_source thidua)"; '
              'COMP_WORDS=(thidua rank --format ""); COMP_CWORD=3; _thidua_completion thidua; '
              'echo "${COMPREPLY[@]}"')
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["text", "csv", "json", "markdown", "xlsx"]
