"""Every shipped template (templates/), made from the outlines in `outline.py`.

    python scripts/make_templates.py            # rewrites templates/
    python scripts/make_templates.py OUT_DIR    # elsewhere

tests/test_templates.py checks that the files in templates/ are exactly what this makes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from thidua.rendering.documents import markup, word


def template_files() -> Dict[str, bytes]:
    """File name -> bytes: the Markdown and HTML templates and their partials, the Word templates."""
    files = {name: text.encode("utf-8") for name, text in markup.files().items()}
    files.update(word.files())
    return dict(sorted(files.items()))


def write_templates(folder: Path) -> List[Path]:
    """Write every template into `folder`; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in template_files().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written
