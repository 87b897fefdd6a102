"""Write the shipped templates of `thidua report` (templates/*.md.j2, *.html.j2, *.docx) from the
outlines in thidua/rendering/documents/outline.py.

    python scripts/make_templates.py            # rewrites templates/
    python scripts/make_templates.py OUT_DIR    # elsewhere
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thidua.rendering.documents.build import template_files  # noqa: E402 - after the path above


def main(argv) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "templates"
    out.mkdir(parents=True, exist_ok=True)
    for name, data in template_files().items():
        (out / name).write_bytes(data)
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
