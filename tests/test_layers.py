"""The stages keep to their lane: read from the source of each module, every import counted, late ones too.

Only the command line (cli, clickvi, console, errors) imports click or prints. The commands
(`thidua/commands/`) load the year, check it and write files; the domain (checks, scoring, rotation,
history, awards) and rendering modules take records and return records, text or bytes, so they import
neither the loader nor the modules that find and write files, and never a command.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator, Tuple

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "thidua"

SHELL = {"thidua.cli", "thidua.clickvi", "thidua.console", "thidua.errors"}
DOMAIN = ("thidua.checks", "thidua.scoring", "thidua.rotation", "thidua.history", "thidua.awards.")
RENDERING = ("thidua.rendering.",)
FORBIDDEN = ("click", "thidua.reading.loader", "thidua.paths", "thidua.fileio", "thidua.commands", "thidua.cli")

ALLOWED = {
    # The Jinja loader finds and reads the templates (the bloc's own first, then the shipped ones)
    # as a document is rendered, refusing a symlink that leads outside the templates folder.
    ("thidua.rendering.documents.render", "thidua.paths"),
}


def modules() -> Iterator[Tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imports(name: str, path: Path) -> Iterator[str]:
    """Every module `path` imports, at the top or inside a function; `from a import b` gives a.b too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _is(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_walk_sees_late_imports():
    found = dict(modules())
    assert "thidua.scoring" in found and "thidua.rendering.documents.render" in found
    assert "jinja2.sandbox" in set(imports("thidua.rendering.documents.render",
                                           found["thidua.rendering.documents.render"]))


@pytest.mark.parametrize("name", [n for n, _ in modules() if n.startswith(DOMAIN + RENDERING)])
def test_domain_and_rendering_modules_import_no_loader_paths_fileio_command_or_click(name):
    path = dict(modules())[name]
    bad = sorted({m for m in imports(name, path) for f in FORBIDDEN if _is(m, f) and (name, f) not in ALLOWED})
    assert bad == [], f"{name} imports {bad}: take records as arguments, and leave files to thidua.commands"


def test_only_the_command_line_imports_click_or_prints():
    offenders = []
    for name, path in modules():
        if name in SHELL:
            continue
        if any(_is(m, "click") for m in imports(name, path)):
            offenders.append(f"{name} imports click")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                offenders.append(f"{name}:{node.lineno} calls print")
    assert offenders == []
