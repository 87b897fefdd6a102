"""Award rules: a preset per level of bloc, with the bloc's overrides from awards.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

from thidua import model as m
from thidua.problems import Problem, error
from thidua.yamlread import Map, Scalar, Seq, read_yaml

PRESET_DIR = Path(__file__).resolve().parent / "presets"


def preset_awards(preset: str) -> List[Tuple[str, str]]:
    """(id, name) of the preset's awards, highest first."""
    root, problems = read_yaml(str(PRESET_DIR / f"{preset}.yaml"))
    if problems or not isinstance(root, Map):  # pragma: no cover - shipped files are tested
        raise RuntimeError(f"broken preset {preset}: {problems}")
    awards = root.get("awards")
    out = []
    for item in awards.items if isinstance(awards, Seq) else ():
        if isinstance(item, Map):
            award_id, name = item.get("id"), item.get("name")
            if isinstance(award_id, Scalar) and isinstance(name, Scalar):
                out.append((award_id.text, name.text))
    return out


def catalogue(awards_file: m.AwardsFile) -> Tuple[Dict[str, str], List[Problem]]:
    """Award id -> name for the year: the preset's, overridden and extended by the file."""
    names = dict(preset_awards(awards_file.preset))
    problems: List[Problem] = []
    for spec in awards_file.awards:
        name = spec.settings.get("name")
        if isinstance(name, Scalar) and not name.is_null:
            names[spec.id] = name.text
        elif spec.id not in names:
            problems.append(error(spec.src, "award-without-name",
                                  f"Hình thức khen thưởng mới '{spec.id}' (không có trong bộ mặc định "
                                  f"'{awards_file.preset}') cần có khóa 'name'."))
    return names, problems
