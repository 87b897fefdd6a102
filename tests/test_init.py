"""`thidua init`: a new bloc folder that validates, and that ranks once the data is written."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_thidua

from thidua.commands.init import plan_files, workflow_text


def _run(*args):
    return run_thidua(*args)


def _init(folder, *extra):
    result = _run("init", str(folder), "--year", "2026", *extra)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("preset", ["tinh", "bo", "huyen"])
def test_each_preset_creates_a_folder_without_errors_whose_placeholders_are_warned(tmp_path, preset):
    """An untouched init has no error, but does not pass silently: every value to fill in and every
    blank self-report is a warning (issue 16), so `--strict` fails until the bloc is filled in."""
    _init(tmp_path / "khoi", "--preset", preset)
    result = _run("--data", str(tmp_path / "khoi" / "data"), "validate", "--all-years", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {p["level"] for p in found} == {"warning"}
    assert {p["code"] for p in found} == {"placeholder", "report-not-filled"}
    strict = _run("--data", str(tmp_path / "khoi" / "data"), "validate", "--all-years", "--strict")
    assert strict.exit_code == 1
    awards = (tmp_path / "khoi" / "data" / "2026" / "awards.yaml").read_text(encoding="utf-8")
    assert f"preset: {preset}" in awards and "{{" not in awards


def test_init_writes_every_part_of_a_bloc_folder(tmp_path):
    result = _init(tmp_path / "khoi")
    root = tmp_path / "khoi"
    for rel in ("data/2026/bloc.yaml", "data/2026/criteria.yaml", "data/2026/awards.yaml",
                "data/2026/h1/don-vi-a.yaml", "data/2026/h1/don-vi-d.yaml", ".gitignore",
                ".pre-commit-config.yaml", ".github/workflows/thidua.yml"):
        assert (root / rel).is_file(), rel
        assert rel in result.output
    assert "Việc tiếp theo" in result.output
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local"
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == ("thidua-validate", "thidua validate --all-years", False)


def test_self_report_template_lists_every_criterion_at_zero(tmp_path):
    _init(tmp_path / "khoi")
    report = yaml.safe_load((tmp_path / "khoi/data/2026/h1/don-vi-b.yaml").read_text(encoding="utf-8"))
    criteria = yaml.safe_load((tmp_path / "khoi/data/2026/criteria.yaml").read_text(encoding="utf-8"))
    ids = [c["id"] for g in criteria["groups"] for c in g["criteria"]]
    assert report["unit"] == "don-vi-b" and report["period"] == "h1" and report["year"] == 2026
    assert list(report["scores"]) == ids
    assert set(report["scores"].values()) == {0}


def test_workflow_runs_validate_rank_report_and_keeps_the_report():
    flow = yaml.safe_load(workflow_text())
    runs = [step.get("run", "") for step in flow["jobs"]["thi-dua"]["steps"]]
    assert "thidua validate --all-years --format github" in runs
    assert any(run.startswith("if thidua rank; then") for run in runs)
    assert "thidua report $KY -o bao-cao.docx" in runs
    upload = [s for s in flow["jobs"]["thi-dua"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"] == "bao-cao.docx"
    assert "push" in flow[True]  # PyYAML reads the key `on` as True


def test_workflow_written_by_init_is_the_one_in_the_docs(tmp_path):
    _init(tmp_path / "khoi")
    written = (tmp_path / "khoi/.github/workflows/thidua.yml").read_text(encoding="utf-8")
    assert written == workflow_text()
    assert written in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def test_project_publishes_the_pre_commit_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = [h for h in hooks if h["id"] == "thidua-validate"][0]
    assert hook["entry"] == "thidua validate --all-years"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["files"] == r"\.ya?ml$"


def test_refuses_a_non_empty_folder_without_force(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("x", encoding="utf-8")
    result = _run("init", str(tmp_path), "--year", "2026")
    assert result.exit_code == 1
    assert "không trống" in result.output and "--force" in result.output
    assert not (tmp_path / "data").exists()


def test_force_writes_into_a_non_empty_folder_and_keeps_other_files(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("x", encoding="utf-8")
    _init(tmp_path, "--force")
    assert (tmp_path / "data/2026/bloc.yaml").is_file()
    assert (tmp_path / "ghi-chu.txt").read_text(encoding="utf-8") == "x"


def test_a_fresh_git_repository_counts_as_empty(tmp_path):
    (tmp_path / ".git").mkdir()
    _init(tmp_path)
    assert (tmp_path / "data/2026/criteria.yaml").is_file()


def test_a_file_in_place_of_the_folder_is_refused(tmp_path):
    (tmp_path / "khoi").write_text("x", encoding="utf-8")
    result = _run("init", str(tmp_path / "khoi"), "--year", "2026")
    assert result.exit_code == 1
    assert "là một tệp" in result.output


def test_templates_are_copied_from_the_package(tmp_path):
    shipped = sorted(p.relative_to(ROOT / "templates").as_posix()
                     for p in (ROOT / "templates").rglob("*") if p.is_file() and not p.name.startswith("."))
    planned = [rel[len("templates/"):] for rel, _ in plan_files("tinh", 2026) if rel.startswith("templates/")]
    assert planned == shipped


SCORES = {"don-vi-a": "29", "don-vi-b": "24,5", "don-vi-c": "27", "don-vi-d": "28.5"}


def _fill_in(data: Path) -> None:
    """What a clerk does after init: real names in bloc.yaml and scores in each self-report."""
    bloc = data / "2026" / "bloc.yaml"
    text = bloc.read_text(encoding="utf-8")
    for letter, name in zip("ABCD", ("Công an tỉnh", "Tòa án nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh",
                                     "Sở Tư pháp tỉnh")):
        text = text.replace(f"Đơn vị {letter} tỉnh ...", name).replace(f"short_name: Đơn vị {letter}",
                                                                        f"short_name: {name[:-5]}")
    for placeholder, real in (("Khối thi đua các cơ quan ... tỉnh ...", "Khối thi đua các cơ quan Nội chính tỉnh"),
                              ("place: Tên tỉnh", "place: Khánh Hòa"),
                              ("Ủy ban nhân dân tỉnh ...", "Ủy ban nhân dân tỉnh Khánh Hòa"),
                              ("Khen thưởng tỉnh ...", "Khen thưởng tỉnh Khánh Hòa"),
                              ("Chủ đề thi đua của đơn vị trong năm", "Kỷ cương, trách nhiệm")):
        text = text.replace(placeholder, real)
    bloc.write_text(text, encoding="utf-8")
    for unit, score in SCORES.items():
        report = data / "2026" / "h1" / f"{unit}.yaml"
        text = report.read_text(encoding="utf-8")
        report.write_text(text.replace('"2.1": 0 ', f'"2.1": {score}'), encoding="utf-8")


def test_new_bloc_goes_from_init_to_a_validated_ranked_half_year(tmp_path):
    _init(tmp_path / "khoi")
    data = tmp_path / "khoi" / "data"
    _fill_in(data)
    checked = _run("--data", str(data), "validate", "--strict")
    assert checked.exit_code == 0, checked.output
    ranked = _run("--data", str(data), "rank", "--half", "1", "--format", "json")
    assert ranked.exit_code == 0, ranked.output
    standings = json.loads(ranked.output)["standings"]
    assert [(s["rank"], s["unit"]) for s in standings] == [
        (1, "don-vi-a"), (2, "don-vi-d"), (3, "don-vi-c"), (4, "don-vi-b")]
    assert standings[1]["name"] == "Sở Tư pháp tỉnh"


def _year_end_reports(data: Path) -> None:
    """The year-end self-reports: the half-year ones, filed again for the whole year."""
    (data / "2026" / "year").mkdir()
    for unit in SCORES:
        text = (data / "2026" / "h1" / f"{unit}.yaml").read_text(encoding="utf-8")
        (data / "2026" / "year" / f"{unit}.yaml").write_text(text.replace("period: h1", "period: year"),
                                                            encoding="utf-8")


def test_new_bloc_goes_on_to_a_ranked_year(tmp_path):
    _init(tmp_path / "khoi")
    data = tmp_path / "khoi" / "data"
    _fill_in(data)
    _year_end_reports(data)
    checked = _run("--data", str(data), "validate", "--all-years", "--strict")
    assert checked.exit_code == 0, checked.output
    ranked = _run("--data", str(data), "rank", "--format", "json")
    assert ranked.exit_code == 0, ranked.output
    got = json.loads(ranked.output)
    assert got["period"] == "year"
    assert [s["unit"] for s in got["standings"]] == ["don-vi-a", "don-vi-d", "don-vi-c", "don-vi-b"]


def _workflow_steps(root: Path, tmp_path: Path) -> str:
    """Run the workflow's shell steps (not the install) in `root` as GitHub would; the collected output."""
    shims = tmp_path / "bin"
    shims.mkdir(parents=True)
    shim = shims / "thidua"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m thidua "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    github_env = tmp_path / "github-env"
    github_env.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "THIDUA_DATA"}
    env.update(PATH=f"{shims}{os.pathsep}{env.get('PATH', '')}", GITHUB_ENV=str(github_env), GITHUB_ACTIONS="true")
    out = []
    for step in yaml.safe_load(workflow_text())["jobs"]["thi-dua"]["steps"]:
        run = step.get("run")
        if not run or "pip install" in run:
            continue
        extra = dict(line.split("=", 1) for line in github_env.read_text(encoding="utf-8").splitlines() if line)
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run], cwd=root,
                              env={**env, **extra}, capture_output=True, text=True, encoding="utf-8")
        out.append(done.stdout + done.stderr)
        assert done.returncode == 0, (run, done.stdout, done.stderr)
    return "\n".join(out)


@pytest.mark.skipif(shutil.which("bash") is None, reason="the workflow's steps are bash")
def test_workflow_steps_pass_on_a_new_bloc_in_the_first_half_and_at_year_end(tmp_path):
    root = tmp_path / "khoi"
    _init(root)
    _fill_in(root / "data")
    first_half = _workflow_steps(root, tmp_path / "h1")
    assert "SƠ KẾT 6 THÁNG ĐẦU NĂM 2026" in first_half
    assert (root / "bao-cao.docx").is_file()
    (root / "bao-cao.docx").unlink()
    _year_end_reports(root / "data")
    year_end = _workflow_steps(root, tmp_path / "year")
    assert "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2026" in year_end
    assert (root / "bao-cao.docx").is_file()


def test_force_into_a_used_folder_keeps_a_backup_of_each_replaced_file(tmp_path):
    _init(tmp_path / "khoi")
    bloc = tmp_path / "khoi" / "data" / "2026" / "bloc.yaml"
    bloc.write_text("# đã điền\n", encoding="utf-8")
    result = _init(tmp_path / "khoi", "--force")
    backups = list(bloc.parent.glob("bloc.yaml.bak-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == "# đã điền\n"
    assert "Đã sao lưu tệp cũ thành" in result.output
    assert bloc.read_text(encoding="utf-8") != "# đã điền\n"
