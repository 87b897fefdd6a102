"""The benchmark's synthetic blocs (benchmarks/generate.py) and the indexed lookups it led to."""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT, run_thidua

from thidua import model as m
from thidua.problems import Src

SRC = Src("test.yaml", 1, 1)
GENERATE = ROOT / "benchmarks" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_generated_bloc_validates_clean_and_ranks(tmp_path):
    _generator().generate(tmp_path / "bloc", units=6, criteria=12, groups=3)

    validated = run_thidua("validate", data=tmp_path / "bloc")
    ranked = run_thidua("rank", "--format", "json", data=tmp_path / "bloc")

    assert validated.exit_code == 0, validated.output
    assert "lỗi" not in validated.output
    assert ranked.exit_code == 0, ranked.output
    assert len(json.loads(ranked.stdout)["standings"]) == 6


def test_a_bloc_of_several_years_validates_clean_and_keeps_its_units(tmp_path):
    last = _generator().generate(tmp_path / "bloc", units=3, criteria=6, groups=2, years=2)

    validated = run_thidua("validate", "--all-years", data=tmp_path / "bloc")
    history = run_thidua("history", "--format", "json", data=tmp_path / "bloc")

    assert last.name == "2024" and sorted(p.name for p in (tmp_path / "bloc").iterdir() if p.is_dir()) == ["2023", "2024"]
    assert validated.exit_code == 0, validated.output
    assert history.exit_code == 0, history.output
    units = json.loads(history.stdout)
    assert all(len(unit["names"]) == 1 for unit in units)  # the same name every year


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    generate = _generator().generate
    generate(tmp_path / "one", units=4, criteria=6, groups=2, seed=7)
    generate(tmp_path / "two", units=4, criteria=6, groups=2, seed=7)

    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_the_generator_leaves_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("giữ nguyên", encoding="utf-8")

    with pytest.raises(SystemExit):
        _generator().generate(tmp_path, units=3)

    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "giữ nguyên"


def _criterion(cid: str, name: str) -> m.Criterion:
    return m.Criterion(id=cid, name=name, max=D(10), guide=(), src=SRC)


def _unit(uid: str, name: str) -> m.Unit:
    return m.Unit(id=uid, name=name, short_name=None, category=None, theme=None, registered=(), head=None, src=SRC)


def test_a_repeated_criterion_id_finds_the_first_as_a_scan_would():
    group = m.Group(id="1", name="Nhóm 1", src=SRC,
                    criteria=(_criterion("1.1", "đầu"), _criterion("1.2", "giữa"), _criterion("1.1", "sau")))
    sheet = m.Sheet(year=2020, name=None, total=None, groups=(group,), bonus=None, deductions=None, grades=(),
                    tie_breaks=(), src=SRC)

    assert sheet.criterion("1.1").name == "đầu"
    assert sheet.criterion("9.9") is None
    assert sheet.max_total == D(30)


def test_a_repeated_unit_id_finds_the_first_as_a_scan_would():
    bloc = m.Bloc(year=2020, name="Khối", short_name=None, code="KTĐ", place="Bắc Giang", level="tinh",
                  authority=None, council=None, chair="a", vice_chairs=(), slogan=None,
                  units=(_unit("a", "đầu"), _unit("b", "giữa"), _unit("a", "sau")), documents=(), rotation=None,
                  src=SRC)

    assert bloc.unit("a").name == "đầu"
    assert bloc.unit("c") is None
