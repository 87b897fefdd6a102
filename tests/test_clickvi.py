"""thidua/clickvi.py translates every message the installed click hands to gettext, so that a click
upgrade cannot bring English back: the messages are read from click's own source."""

from __future__ import annotations

import ast
import re
import string
import sys
from pathlib import Path
from typing import Dict, Set

import click
from conftest import run_thidua

from thidua import clickvi

CLICK = Path(click.__file__).resolve().parent
# A call whose message is not written in the call: the messages it can pass (click 8.5: "[required]" in help).
DYNAMIC = {'extra["required"]': {"required"}, "extra['required']": {"required"}}
# Loaded only by the progress bar, the editor, the pager, a key press, and the Windows console, which
# thidua does not use; click imports them when first used, after clickvi.install() has run.
LOADED_ON_USE = {"_termui_impl", "_winconsole"}


def gettext_calls(source: str) -> Dict[str, Set[str]]:
    """{"_": messages, "ngettext": messages} of the calls in `source`."""
    found: Dict[str, Set[str]] = {"_": set(), "ngettext": set()}
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in found):
            continue
        for arg in node.args[:1 if node.func.id == "_" else 2]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found[node.func.id].add(arg.value)
            else:
                code = ast.unparse(arg)
                assert code in DYNAMIC, f"click passes {code!r} to gettext: which messages can that be?"
                found[node.func.id] |= DYNAMIC[code]
    return found


def click_modules() -> Dict[str, Dict[str, Set[str]]]:
    """Each module of the installed click that calls gettext, with its messages."""
    modules = {path.stem: gettext_calls(path.read_text(encoding="utf-8")) for path in sorted(CLICK.glob("*.py"))}
    return {name: calls for name, calls in modules.items() if calls["_"] or calls["ngettext"]}


def test_the_source_reading_finds_clicks_messages():
    messages = click_modules()

    assert {"core", "exceptions", "parser", "types"} <= set(messages)
    assert "Usage:" in messages["formatting"]["_"]
    assert "Got unexpected extra arguments ({args})" in messages["core"]["ngettext"]
    assert gettext_calls('_("a")\nngettext("b", "c", n)\nx = f("d")\n') == {"_": {"a"}, "ngettext": {"b", "c"}}


def test_every_message_of_the_installed_click_is_translated():
    missing = sorted({(module, message) for module, calls in click_modules().items()
                      for message in calls["_"] if message not in clickvi._SINGULAR}
                     | {(module, message) for module, calls in click_modules().items()
                        for message in calls["ngettext"] if message not in clickvi._PLURAL})

    assert missing == [], f"add these to thidua/clickvi.py, in Vietnamese: {missing}"


def test_translations_use_only_the_placeholders_click_fills_in():
    for table in (clickvi._SINGULAR, clickvi._PLURAL):
        for english, vietnamese in table.items():
            assert _fields(vietnamese) <= _fields(english), english
            assert vietnamese != english, english


def _fields(text: str) -> Set[str]:
    if "%(" in text:
        return set(re.findall(r"%\((\w+)\)s", text))
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_click_module_that_speaks_is_translated_once_thidua_is_loaded():
    import thidua.cli  # noqa: F401  (installs the table)

    untranslated = []
    for name in sorted(set(click_modules()) - LOADED_ON_USE):
        module = sys.modules.get(f"click.{name}")
        if module is None or getattr(module, "_", clickvi.gettext) is not clickvi.gettext \
                or getattr(module, "ngettext", clickvi.ngettext) is not clickvi.ngettext:
            untranslated.append(name)

    assert untranslated == [], "add these to clickvi._MODULES"


def test_a_usage_error_is_in_vietnamese():
    result = run_thidua("rank", "--khong-co", prog_name="thidua")

    assert result.exit_code == 2
    assert "Lỗi: Không có tùy chọn '--khong-co'." in result.output
    assert "Xem hướng dẫn: 'thidua rank --help'." in result.output
