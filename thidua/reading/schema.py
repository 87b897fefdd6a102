"""The JSON Schema of the data files, generated from `thidua.reading.formats`."""

from __future__ import annotations

from typing import Any, Dict, Optional

from thidua.reading import formats
from thidua.reading.spec import NESTED

SCHEMA_ID = "https://thidua.invalid/schema/thidua.schema.json"

KIND_WORDS = {
    "bloc": "bloc.yaml",
    "criteria": "criteria.yaml",
    "awards": "awards.yaml",
    "self-report": "h1/<đơn vị>.yaml, year/<đơn vị>.yaml",
    "review": "h1/review.yaml, year/review.yaml",
    "summary": "h1/summary.yaml, year/summary.yaml",
    "ballots": "year/ballots.yaml",
}
KIND_WORDS.update({"council": "council.yaml", "council-ballot": "ballots.yaml của Hội đồng (cạnh council.yaml)"})

def kind_schema(kind: str) -> Dict[str, Any]:
    """The schema of one kind of file, standalone."""
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    out.update(formats.KINDS[kind].schema())
    out["title"] = f"thidua: {KIND_WORDS[kind]}"
    nested = _nested_defs(out)
    if nested:
        out["$defs"] = nested
    return out


def _nested_defs(schema: Dict[str, Any]) -> Dict[str, Any]:
    """The definitions of the records nested in themselves (a group of groups) that `schema` refers to."""
    text = repr(schema)
    return {name: spec.format.schema() for name, spec in NESTED.items() if f"#/$defs/{name}" in text}


def full_schema(kind: Optional[str] = None) -> Dict[str, Any]:
    """One schema for every file: the kinds are in $defs, a file must match one of them."""
    if kind:
        return kind_schema(kind)
    defs = {k: spec.schema() for k, spec in formats.KINDS.items()}
    defs.update(_nested_defs(defs))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "thidua: tệp dữ liệu Khối thi đua",
        "description": "Một tệp dữ liệu của thidua: bloc.yaml, criteria.yaml, awards.yaml, báo cáo tự chấm của "
                       "đơn vị, review.yaml, summary.yaml hoặc ballots.yaml.",
        "$defs": defs,
        "anyOf": [{"$ref": f"#/$defs/{k}"} for k in defs],
    }
