"""The shipped templates are made from one outline per document (thidua/rendering/documents/outline.py).

After editing an outline, regenerate them with `python scripts/make_templates.py` and review the
diff of templates/ and of the golden reports (tests/test_report.py).
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from thidua.paths import bundled_root
from thidua.rendering.documents import markup, outline
from thidua.rendering.documents.build import template_files

TEMPLATES = bundled_root() / "templates"
ROOT = Path(__file__).resolve().parent.parent


def _parts(data: bytes):
    """A Word file's parts, uncompressed (the deflate bytes may differ between zlib versions)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, i.date_time, z.read(i.filename)) for i in z.infolist()]


@pytest.fixture(scope="module")
def made():
    return template_files()


def test_shipped_templates_are_what_the_outlines_make(made):
    shipped_names = [p.name for p in TEMPLATES.iterdir() if p.is_file() and not p.name.startswith(".")]
    assert sorted(made) == sorted(shipped_names)
    for name, data in made.items():
        shipped = (TEMPLATES / name).read_bytes()
        if name.endswith(".docx"):
            assert _parts(data) == _parts(shipped), name
        else:
            assert data == shipped, f"{name}: run python scripts/make_templates.py"


def test_word_templates_are_reproducible(made):
    from thidua.rendering.documents import word

    assert word.document(outline.MINUTES) == made["bien-ban.docx"]


@pytest.mark.skipif(not (ROOT / "scripts" / "make_templates.py").exists(), reason="source checkout only")
def test_the_script_writes_every_template(tmp_path, made):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_templates.py"), str(tmp_path)],
                   check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(made)


def test_blocks_in_markdown_and_html():
    para = outline.Para("{{ intro }}")
    assert markup.FORMS["md"].block(para) == "\n{{ intro }}\n"
    assert markup.FORMS["html"].block(para) == "<p>{{ intro }}</p>\n"
    items = outline.Each("u in units", "{{ u }}", tight=True)
    assert markup.FORMS["md"].block(items) == "\n{% for u in units %}\n{{ u }}\n{% endfor %}\n"
    assert markup.FORMS["html"].block(outline.If("units", (items,))) == \
        "{% if units %}\n{% for u in units %}\n<p>{{ u }}</p>\n{% endfor %}\n{% endif %}\n"
    assert markup.FORMS["md"].block(outline.Heading(3, "1. Kết luận")) == "\n### 1. Kết luận\n"


def test_each_partial_is_made_once_and_included_by_name():
    files = markup.files()
    for name in ("_header", "_signature", "_scores"):
        for fmt in ("md", "html"):
            assert f"{name}.{fmt}.j2" in files
    assert '{% include "_header.md.j2" %}' in files["bao-cao.md.j2"]
    assert '{% include "_scores.html.j2" %}' in files["bien-ban.html.j2"]
    assert "_scores" not in files["to-trinh.md.j2"]
