"""Every shipped template (templates/), made from the outlines in `outline.py`.

`scripts/make_templates.py` writes them; tests/test_templates.py checks that the files in templates/
are exactly what this makes.
"""

from __future__ import annotations

from typing import Dict

from thidua.rendering.documents import markup, word


def template_files() -> Dict[str, bytes]:
    """File name -> bytes: the Markdown and HTML templates and their partials, the Word templates."""
    files = {name: text.encode("utf-8") for name, text in markup.files().items()}
    files.update(word.files())
    return dict(sorted(files.items()))

