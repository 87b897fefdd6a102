"""`thidua schema`: the JSON Schema of the data files, as text."""

from __future__ import annotations

from typing import Optional


def schema_text(kind: Optional[str] = None) -> str:
    """The schema of every kind of file, or of one (`bloc`, `criteria`, ...), as indented JSON."""
    import json

    from thidua.reading.schema import full_schema

    return json.dumps(full_schema(kind), ensure_ascii=False, indent=2)
