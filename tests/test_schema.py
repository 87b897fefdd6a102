"""The published JSON Schema: valid, in step with the loader, the sample, the committed files and the doc."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft7Validator, Draft202012Validator

from thidua.reading import formats
from thidua.cli import cli
from thidua.reading.loader import PERIOD_FILES, YEAR_FILES
from thidua.problems import Src
from thidua.reading.schema import full_schema
from thidua.reading.spec import Ctx, DictOf, ListOf, Obj, Type, convert_file
from thidua.reading.yamlread import parse_yaml_bytes

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCHEMA_DIR = ROOT / "docs" / "schema"
DOC = ROOT / "docs" / "data-format.md"
KINDS = list(formats.KINDS)


def run_schema(*args: str) -> str:
    result = CliRunner().invoke(cli, ["schema", *args])
    assert result.exit_code == 0, result.output
    return result.output


def plain(value):
    """PyYAML's reading -> JSON's: dates become ISO text, keys become text (`1.1:` is read as a float)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def errors(kind: str, document) -> list:
    validator = Draft202012Validator(full_schema(kind))
    return sorted(e.message for e in validator.iter_errors(plain(document)))


def loader_codes(kind: str, text: str) -> list:
    """The codes thidua's own reading gives for `text` as a file of `kind`."""
    problems = []
    root, read = parse_yaml_bytes(text.encode("utf-8"), "t.yaml")
    problems += read
    convert_file(root, formats.KINDS[kind], Ctx(problems), Src("t.yaml", 1, 1))
    return sorted(p.code for p in problems)


# --- (a) the printed schema is a valid Draft 2020-12 schema -----------------

@pytest.mark.parametrize("kind", [None] + KINDS)
def test_schema_command_prints_a_valid_schema(kind):
    out = run_schema(*(["--kind", kind] if kind else []))
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# VS Code's YAML extension validates with draft-07 rules; these keywords mean the same in both drafts
# ($defs is only a place that "$ref": "#/$defs/..." points to).
SHARED_KEYWORDS = {"$schema", "$id", "$ref", "$defs", "title", "description", "type", "enum", "pattern",
                   "minimum", "maximum", "properties", "additionalProperties", "required", "propertyNames",
                   "items", "minItems", "anyOf", "maxLength"}


def keywords(schema, found):
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    keywords(sub, found)
            elif key not in ("enum", "required", "type"):
                keywords(value, found)
    elif isinstance(schema, list):
        for item in schema:
            keywords(item, found)
    return found


def test_schema_uses_only_keywords_the_vscode_extension_understands():
    used = keywords(full_schema(), set())
    assert used - SHARED_KEYWORDS == set()
    Draft7Validator.check_schema({k: v for k, v in full_schema().items() if k != "$schema"})


# --- (b) the sample validates ------------------------------------------------

def kind_of(path: Path) -> str:
    rel = path.relative_to(DATA)
    if len(rel.parts) == 2:
        return YEAR_FILES[rel.name]
    if rel.name in PERIOD_FILES:
        return PERIOD_FILES[rel.name]
    return "ballots" if rel.name == "ballots.yaml" else "self-report"


SAMPLE = sorted(p for p in DATA.glob("[0-9][0-9][0-9][0-9]/**/*.yaml"))


def test_the_sample_has_files_of_every_kind():
    assert {kind_of(p) for p in SAMPLE} == set(KINDS) - COUNCIL_KINDS


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: str(p.relative_to(DATA)))
def test_sample_file_validates_against_its_schema(path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert errors(kind_of(path), document) == []


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: str(p.relative_to(DATA)))
def test_sample_file_names_its_schema_in_the_modeline(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    relative = "../" * (len(path.relative_to(DATA).parts) - 1) + "../docs/schema/"
    assert first == f"# yaml-language-server: $schema={relative}{kind_of(path)}.schema.json"


def test_sample_files_validate_against_the_combined_schema():
    validator = Draft202012Validator(full_schema())
    bad = [str(p) for p in SAMPLE if not validator.is_valid(plain(yaml.safe_load(p.read_text(encoding="utf-8"))))]
    assert bad == []


# --- (c) each kind rejects an obviously wrong file, as the loader does --------

MINIMAL = {
    "bloc": "year: 2020\nname: Khối Nội chính\nplace: Bắc Giang\nlevel: tinh\nchair: tand\n"
            "units:\n  - id: tand\n    name: Tòa án nhân dân tỉnh\n",
    "criteria": "year: 2020\ngroups:\n  - id: \"1\"\n    name: Nhóm 1\n    criteria:\n"
                "      - {id: \"1.1\", name: Tiêu chí, max: 10}\ngrades:\n  - {name: Tốt, min_total: 5}\n",
    "awards": "year: 2020\npreset: tinh\n",
    "self-report": "unit: tand\nyear: 2020\nperiod: h1\nscores:\n  \"1.1\": 9,5\n",
    "review": "year: 2020\nperiod: year\nunits:\n  tand:\n    scores:\n      \"1.1\": {score: 8, note: Thiếu minh chứng}\n",
    "summary": "year: 2020\nperiod: year\n",
    "ballots": "year: 2020\nballots: []\n",
    "council": "year: 2020\nname: Hội đồng Thi đua - Khen thưởng tỉnh\nplace: Bắc Giang\nauthority: Chủ tịch Ủy ban "
               "nhân dân tỉnh\nmembers:\n  - {name: Nguyễn Văn An}\nblocs:\n  - {id: noi-chinh, path: noi-chinh/data}\n",
    "council-ballot": "year: 2020\nballots: []\n",
}
COUNCIL_KINDS = {"council", "council-ballot"}  # a council folder's files (examples/council), not a bloc's


def test_every_kind_has_a_minimal_case():
    assert set(MINIMAL) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_minimal_file_is_accepted_by_schema_and_loader(kind):
    assert (errors(kind, yaml.safe_load(MINIMAL[kind])), loader_codes(kind, MINIMAL[kind])) == ([], [])


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_key_is_rejected(kind):
    text = MINIMAL[kind] + "yeer: 2020\n"
    assert errors(kind, yaml.safe_load(text)) != []
    assert loader_codes(kind, text) == ["unknown-key"]


@pytest.mark.parametrize("kind", KINDS)
def test_missing_required_key_is_rejected(kind):
    text = re.sub(r"^year: 2020\n", "", MINIMAL[kind], flags=re.M)
    assert errors(kind, yaml.safe_load(text)) == ["'year' is a required property"]
    assert loader_codes(kind, text) == ["missing-key"]


# Values where the schema must agree with the loader: (kind, text, accepted).
AGREEMENT = [
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {\"1.1\": 8.5}\n", True),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {\"1.1\": -1}\n", False),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {\"1.1\": \"-1\"}\n", False),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {\"1.1\": chín}\n", False),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {1.10: 8}\n", True),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {\"1 1\": 8}\n", False),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores:\nbonus:\ndeductions:\nachievements:\n", True),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nsubmitted: 24/7/2019\nscores: {}\n", True),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nsubmitted: 24.7.2019\nscores: {}\n", False),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h6\nscores: {}\n", False),
    ("self-report", "unit: Tand\nyear: 2020\nperiod: h1\nscores: {}\n", False),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {}\nfacts: {women_share: 72%}\n", True),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {}\nfacts:\n  women_share: 0,72\n", True),
    ("self-report", "unit: tand\nyear: 2020\nperiod: h1\nscores: {}\nfacts: {women_share: 1.5}\n", False),
    ("criteria", MINIMAL["criteria"].replace("id: \"1.1\"", "id: 1.10"), True),
    ("criteria", MINIMAL["criteria"].replace("max: 10", "max: \"7,5\""), True),
    ("bloc", MINIMAL["bloc"] + "vice_chairs: [vksnd, cong-an]\n", True),
    ("bloc", MINIMAL["bloc"].replace("level: tinh", "level: xa"), False),
    ("bloc", MINIMAL["bloc"].replace("units:\n  - id: tand\n    name: Tòa án nhân dân tỉnh\n", "units: []\n"), False),
    ("summary", "year: 2020\nperiod: year\nreport: {number: 5}\nlessons: Bài học.\n", True),
    ("summary", "year: 2020\nperiod: year\nlessons: {a: b}\n", False),
    ("ballots", "year: 2020\nballots:\n  - {award: co-tinh, voters: 7, rounds: [{votes: {tand: 7}}]}\n", True),
    ("ballots", "year: 2020\nballots:\n  - {award: co-tinh, voters: 7, rounds: []}\n", False),
    ("awards", "year: 2020\npreset: tinh\nawards:\n  - {id: co-tinh, name: Cờ thi đua}\n", True),
    ("awards", "year: 2020\npreset: tinh\nawards:\n  - {name: Cờ thi đua}\n", False),
]


@pytest.mark.parametrize("kind,text,accepted", AGREEMENT)
def test_schema_and_loader_agree(kind, text, accepted):
    assert (errors(kind, yaml.safe_load(text)) == [], loader_codes(kind, text) == []) == (accepted, accepted)


# --- (d) the committed schema files are up to date ----------------------------

@pytest.mark.parametrize("kind", [None] + KINDS)
def test_committed_schema_file_is_up_to_date(kind):
    name = kind or "thidua"
    path = SCHEMA_DIR / f"{name}.schema.json"
    command = f"python -m thidua schema{f' --kind {kind}' if kind else ''} > docs/schema/{name}.schema.json"
    committed = path.read_text(encoding="utf-8") if path.exists() else ""
    assert committed == run_schema(*(["--kind", kind] if kind else [])), \
        f"{path.relative_to(ROOT)} is out of date; regenerate it with:\n    {command}"


# --- (e) the format doc names every key of every kind -------------------------

def keys_of(spec: Type, found: set) -> set:
    """Every key a file of this spec may contain."""
    if isinstance(spec, Obj):
        for f in spec.keys:
            found.add(f.name)
            keys_of(f.type, found)
    elif isinstance(spec, ListOf):
        keys_of(spec.item, found)
    elif isinstance(spec, DictOf):
        keys_of(spec.value, found)
    else:  # a hand-written type (awards.yaml's entries): its schema lists its keys
        found.update(spec.schema().get("properties", {}))
    return found


def doc_sections() -> dict:
    """The doc's text per kind, split at its `<!-- kind: ... -->` markers."""
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"<!-- kind: ([a-z-]+) -->", text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("kind", KINDS)
def test_format_doc_names_every_key(kind):
    section = doc_sections().get(kind, "")
    missing = sorted(k for k in keys_of(formats.KINDS[kind], set()) if f"`{k}`" not in section)
    assert missing == [], f"docs/data-format.md, section of {kind}: keys not described: {missing}"


def test_format_doc_shows_the_modeline_of_every_kind():
    text = DOC.read_text(encoding="utf-8")
    missing = [k for k in KINDS if f"$schema=../../docs/schema/{k}.schema.json" not in text
               and f"$schema=../../../docs/schema/{k}.schema.json" not in text]
    assert missing == []


def test_keys_of_walks_into_nested_records():
    assert {"points", "reason", "kind", "until", "women_share"} <= keys_of(formats.KINDS["self-report"], set())


# --- the doc's examples are complete and form a valid year ----------------------

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?:\.\./)+docs/schema/([a-z-]+)\.schema\.json$")


def doc_examples() -> list:
    """(kind, text) of every ```yaml block of the doc that starts with a modeline."""
    out = []
    for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S):
        match = MODELINE.match(block.splitlines()[0])
        if match and yaml.safe_load(block) is not None:  # not the bare modeline shown in section 3
            out.append((match.group(1), block))
    return out


def used_keys(value, found: set) -> set:
    if isinstance(value, dict):
        for k, v in value.items():
            found.add(str(k))
            used_keys(v, found)
    elif isinstance(value, list):
        for v in value:
            used_keys(v, found)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_format_doc_example_uses_every_key(kind):
    examples = [yaml.safe_load(text) for k, text in doc_examples() if k == kind]
    used = set()
    for example in examples:
        used_keys(example, used)
    assert examples and sorted(keys_of(formats.KINDS[kind], set()) - used) == []


def test_format_doc_examples_form_a_valid_year(tmp_path):
    from thidua.problems import ERROR
    from thidua.commands.validate import validate_year

    folder = tmp_path / "data" / "2020"
    for kind, text in doc_examples():
        if kind in COUNCIL_KINDS:  # a council folder's files (tests/test_council.py checks their example)
            continue
        document = yaml.safe_load(text)
        name = {"bloc": "bloc.yaml", "criteria": "criteria.yaml", "awards": "awards.yaml",
                "ballots": "year/ballots.yaml", "review": f"{document.get('period')}/review.yaml",
                "summary": f"{document.get('period')}/summary.yaml"}.get(kind)
        path = folder / (name or f"{document['period']}/{document['unit']}.yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    problems = validate_year(tmp_path / "data", 2020)
    assert [f"{p.src}: {p.code}: {p.message}" for p in problems if p.level == ERROR] == []


# --- the doc lists every problem code ---------------------------------------------

def codes_in_source() -> set:
    """Codes written literally in error(...) / warning(...) calls anywhere in thidua/."""
    import ast

    found = set()
    for path in (ROOT / "thidua").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and len(node.args) >= 2:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                code = node.args[1]
                if name in ("error", "warning") and isinstance(code, ast.Constant) and isinstance(code.value, str):
                    found.add(code.value)
    return found


def codes_in_doc() -> set:
    text = DOC.read_text(encoding="utf-8").split("<!-- codes -->", 1)[1]
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.M))


def test_format_doc_lists_every_problem_code():
    missing = sorted(codes_in_source() - codes_in_doc())
    assert missing == [], f"add these codes to the table of section 12 of docs/data-format.md: {missing}"


def test_format_doc_lists_no_code_that_is_gone():
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "thidua").rglob("*.py"))
    assert sorted(c for c in codes_in_doc() if f'"{c}"' not in source) == []


def formats_of(spec: Type, found: list) -> list:
    """Every Obj within `spec` (itself included), each once, outermost first."""
    if isinstance(spec, Obj):
        if all(spec is not f for f in found):
            found.append(spec)
            for k in spec.keys:
                formats_of(k.type, found)
    elif isinstance(spec, ListOf):
        formats_of(spec.item, found)
    elif isinstance(spec, DictOf):
        formats_of(spec.value, found)
    return found


def doc_key_tables(section: str) -> list:
    """The key tables of a doc section: for each, its rows as (key, required cell)."""
    tables, rows = [], None
    for line in section.splitlines():
        if line.startswith("| Khóa | Kiểu | Bắt buộc |"):
            rows = []
            tables.append(rows)
        elif rows is not None and line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows.append((cells[0].strip("`"), cells[2]))
        elif rows is not None and not line.startswith("|---"):
            rows = None
    return tables


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "awards"])  # awards.yaml's keys: docs/awards.md
def test_format_doc_key_tables_match_the_declared_keys(kind):
    """Each key table of the doc lists one format's keys, in their declared order, and says 'có'
    exactly for the required ones (a key required only in some cases says so in words)."""
    declared = {tuple(k.name for k in obj.keys): obj for obj in formats_of(formats.KINDS[kind], [])}
    tables = doc_key_tables(doc_sections()[kind])
    assert tables
    for rows in tables:
        names = tuple(name for name, _ in rows)
        assert names in declared, f"docs/data-format.md, section of {kind}: no format has the keys {names}"
        required = {k.name for k in declared[names].keys if k.required}
        wrong = [name for name, cell in rows if (cell == "có") != (name in required)]
        assert wrong == [], f"docs/data-format.md, section of {kind}: 'Bắt buộc' is wrong for {wrong}"
    documented = {tuple(name for name, _ in rows) for rows in tables}
    assert sorted(set(declared) - documented) == []
