"""Render the bloc's documents (report, proposal letter, minutes) as DOCX, Markdown or HTML.

Templates are looked up in the bloc's own `templates/` (beside its data folder) first, then in
the shipped ones, file by file. They run in Jinja's immutable sandbox with StrictUndefined, so a
typo is an error naming the template and its line, and a template cannot reach Python internals.
When the bloc has templates of its own, the document is made in a child process bounded in CPU
time, memory and output size (`worker`), so no template can hang the run or exhaust the machine.
DOCX templates are Word files with Jinja tags, rendered by docxtpl (imported lazily).
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from thidua.rendering.documents import context as rc
from thidua.rendering.documents import worker
from thidua.errors import ThiduaError, UsageError
from thidua.numbers import fmt_date_long, fmt_date_short, fmt_number
from thidua.paths import bundled_root, display_path, is_inside
from thidua.rendering.table import md_escape

FORMATS = ("docx", "md", "html")
EXTENSIONS = {".docx": "docx", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
TEMPLATE_SUFFIX = {"docx": ".docx", "md": ".md.j2", "html": ".html.j2"}

# Safety bounds of the tool on a bloc's own templates (`render`), not rules of a bloc: each is far
# above what a real document needs and far below what would hang or exhaust a clerk's laptop.

TEMPLATE_SECONDS = 20
"""CPU seconds a bloc's template may run (the sample's documents take 0.02 s as Markdown, 0.1 s as
Word): one that loops for ever or computes a huge number stops with an error naming it, instead of
hanging a clerk's laptop or a CI job. Where CPU time has no limit (Windows), seconds of the clock."""

TEMPLATE_MEMORY = 1024 * 2**20
"""Memory (address space, 1 GiB) a bloc's template may add to what thidua holds (the sample's
documents need a few MB): a text doubled forty times or padded to a width of a billion fails at
once, instead of taking all the machine's memory. Linux only (see `worker._mapped_bytes`)."""

TEMPLATE_OUTPUT = 50 * 2**20
"""Largest document a bloc's template may make (50 MiB; the sample's report is 20 KB as Markdown,
46 KB as Word): a thousand times a real bloc's, and still a file Word opens."""

TEMPLATE_REPEAT = 1_000_000
"""Longest text or list a template may build with `*` (characters or items): refused at once, at
its line, in every process (and the only bound on such a text where memory has no limit)."""


# --- options ------------------------------------------------------------------------

def output_format(output: Optional[str], fmt: Optional[str]) -> str:
    """The format asked for: --format, else the extension of -o, else Markdown."""
    if fmt:
        if fmt not in FORMATS:
            raise UsageError(f"Dạng '{fmt}' không hỗ trợ (chọn một trong: {', '.join(FORMATS)}).")
        return fmt
    if not output or output == "-":
        return "md"
    ext = Path(output).suffix.lower()
    if ext not in EXTENSIONS:
        raise UsageError(f"Không đoán được dạng tệp từ phần mở rộng của '{output}' (dùng .docx, .md hoặc .html, "
                         "hoặc ghi rõ --format).")
    return EXTENSIONS[ext]


# --- templates ------------------------------------------------------------------------

def template_dirs(data_dir: Path) -> List[Path]:
    """The bloc's own templates (beside its data folder) first, then the shipped ones."""
    dirs = []
    bloc_root = Path(data_dir).resolve().parent
    for folder in (bloc_root / "templates", bundled_root() / "templates"):
        if folder.is_dir() and folder.resolve() not in [d.resolve() for d in dirs]:
            dirs.append(_inside(folder, bloc_root) if folder.parent == bloc_root else folder)
    return dirs


def _inside(path: Path, folder: Path) -> Path:
    """`path`, unless a symlink leads it outside `folder`: a template could then print any file."""
    if not is_inside(path, folder):
        raise ThiduaError(f"'{display_path(path)}' là liên kết (symlink) trỏ ra ngoài thư mục "
                          f"'{display_path(folder)}'; thidua không đọc mẫu ở ngoài thư mục mẫu.")
    return path


def template_name(kind: str, fmt: str) -> str:
    return kind + TEMPLATE_SUFFIX[fmt]


def _find_template(name: str, dirs: Sequence[Path]) -> Path:
    for folder in dirs:
        path = folder / name
        if path.is_file():
            return _inside(path, folder)
    where = ", ".join(display_path(d) for d in dirs) or "không có thư mục mẫu nào"
    raise ThiduaError(f"Không tìm thấy mẫu '{name}' (đã tìm trong: {where}).")


def _join_vi(items) -> str:
    return rc.join_vi([str(i) for i in items])


def _date_long(value) -> str:
    return fmt_date_long(value) if value else ""


def _date_short(value) -> str:
    return fmt_date_short(value) if value else ""


def _number(value) -> str:
    """'95.5' or Decimal('95.5') -> '95,5'."""
    from decimal import Decimal, InvalidOperation

    try:
        return fmt_number(Decimal(str(value).replace(",", ".")))
    except InvalidOperation:
        raise ValueError(f"bộ lọc 'number' cần một số, nhận được '{str(value)[:40]}'") from None


def _md_cell(value) -> str:
    """Text safe inside a Markdown table cell, on one line."""
    return md_escape(value).replace("\n", " ")


# Every filter a template may use, in one place.
FILTERS: Dict[str, Callable] = {
    "join_vi": _join_vi,
    "date_long": _date_long,
    "date_short": _date_short,
    "number": _number,
    "count": rc.fmt_count,
    "md_cell": _md_cell,
}


def _at_run_time(eval_ctx, value):
    """Each output as it is; asking for the context keeps Jinja from computing it as it compiles."""
    return value


def environment(dirs: Sequence[Path], autoescape: bool, seconds: Optional[float] = None, sandboxed: bool = True):
    """A sandboxed Jinja environment over the template folders (local first).

    Beyond Jinja's sandbox (no Python internals, no files, `range` up to 100,000): `*` and `**`
    may not build a huge text, list or number, and with `seconds` the template stops after that
    long (checked at every call, `*` and `**`; for a child whose CPU time has no limit, Windows).
    `sandboxed=False`, for the shipped templates only (the project's own code), gives the same
    environment without the sandbox, whose checks of every attribute cost `thidua site` a
    thousand pages two to four times their time.
    """
    import time

    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, pass_eval_context
    from jinja2.exceptions import SecurityError
    from jinja2.loaders import split_template_path
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class TooCostly(SecurityError):
        thidua_message = True  # already in Vietnamese: `_explain` shows it as it is

    class _Bounded(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def __init__(self, **options):
            super().__init__(**options)
            self.deadline = None if seconds is None else time.monotonic() + seconds

        def _in_time(self) -> None:
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise worker.LimitExceeded("time")

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
            __self._in_time()
            return super().call(__context, __obj, *args, **kwargs)

        def call_binop(self, context, operator, left, right):
            self._in_time()
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if (isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                            and len(seq) * times > TEMPLATE_REPEAT):
                        limit = f"{TEMPLATE_REPEAT:,}".replace(",", ".")  # 1.000.000
                        raise TooCostly(f"mẫu tạo một chuỗi hoặc danh sách quá dài (hơn {limit} phần tử) "
                                        "bằng phép nhân")
            elif (isinstance(left, int) and isinstance(right, int) and abs(left) > 1
                  and right * max(abs(left).bit_length(), 1) > 4096):
                raise TooCostly("mẫu tính một lũy thừa quá lớn")
            return super().call_binop(context, operator, left, right)

    class FolderLoader(FileSystemLoader):
        """Templates of one folder; an include whose symlink leads outside it is refused before it is read."""

        def get_source(self, environment, template):
            folder = Path(self.searchpath[0])
            path = folder.joinpath(*split_template_path(template))
            if os.path.lexists(path):
                _inside(path, folder)
            return super().get_source(environment, template)

    from jinja2 import Environment

    env = (_Bounded if sandboxed else Environment)(
        loader=ChoiceLoader([FolderLoader(str(d)) for d in dirs]),
        undefined=StrictUndefined, autoescape=autoescape, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
        # Jinja computes constant expressions as it compiles; `'x'|center(10**9)` must run at its line
        optimized=False, finalize=pass_eval_context(_at_run_time))
    env.filters.update(FILTERS)
    return env


# --- errors -----------------------------------------------------------------------------

_UNDEFINED = re.compile(r"^'([^']+)' is undefined$")
_NO_ATTR = re.compile(r"^'?(.+?)'? (?:object )?has no attribute '([^']+)'$")
_UNSAFE = re.compile(r"access to attribute '([^']+)' of '([^']+)' object is unsafe")


def _explain(exc: Exception) -> str:
    """Jinja's English message, in Vietnamese where it is one of the usual ones."""
    from jinja2.exceptions import SecurityError, TemplateSyntaxError

    if isinstance(exc, worker.LimitExceeded):
        return _limit_words(exc)
    if isinstance(exc, MemoryError):
        return _limit_words(worker.LimitExceeded("memory"))
    text = str(getattr(exc, "message", None) or exc)
    if getattr(exc, "thidua_message", False):
        return text
    if isinstance(exc, SecurityError):
        found = _UNSAFE.search(text)
        what = f"'{found.group(1)}'" if found else "một thuộc tính nội bộ"
        return (f"mẫu không được phép truy cập {what} (mẫu chạy trong môi trường cách ly, "
                "chỉ đọc được dữ liệu của báo cáo)")
    found = _UNDEFINED.match(text)
    if found:
        return f"không có biến '{found.group(1)}' trong dữ liệu của văn bản (gõ nhầm tên?)"
    found = _NO_ATTR.match(text)
    if found:
        owner = re.sub(r"^(?:[\w.]+\.)?(\w+) object$", r"\1", found.group(1))
        return f"'{owner}' không có thuộc tính '{found.group(2)}' (gõ nhầm tên?)"
    if isinstance(exc, TemplateSyntaxError):
        return f"sai cú pháp Jinja: {text.rstrip('.')}"
    if isinstance(exc, RecursionError):
        return ("mẫu tự gọi lại chính nó không dừng (một include hoặc macro gọi vòng về mình); "
                "hãy bỏ lời gọi vòng đó")
    if isinstance(exc, ZeroDivisionError):
        return "mẫu chia một số cho 0"
    if not type(exc).__module__.startswith("jinja2"):  # Python's own error inside an expression
        return f"lỗi khi tính một biểu thức của mẫu ({type(exc).__name__}: {text.rstrip('.')})"
    return text


def _limit_words(exc: "worker.LimitExceeded") -> str:
    if exc.what == "time":
        return f"mẫu chạy quá {TEMPLATE_SECONDS} giây nên bị dừng (có thể do vòng lặp lồng nhau quá lớn)"
    if exc.what == "memory":
        return (f"mẫu cần quá {_megabytes(TEMPLATE_MEMORY)} bộ nhớ nên bị dừng (có thể do một chuỗi bị nối "
                "đôi nhiều lần, hoặc một độ rộng hay số chữ số khổng lồ)")
    if exc.what == "output":
        return f"văn bản mẫu tạo ra lớn quá {_megabytes(TEMPLATE_OUTPUT)} nên bị dừng"
    return f"tiến trình dựng văn bản từ mẫu dừng đột ngột ({exc.detail})"


def _megabytes(size: int) -> str:
    return f"{size // 2**20:,} MB".replace(",", ".")  # 1.024 MB


def _template_line(exc: BaseException, filename: str) -> Optional[int]:
    """The template line of a runtime error, from the frames Jinja rewrites to point at the template."""
    found = _template_frame(exc, lambda name: name == filename)
    return found[1] if found else None


def _template_frame(exc: BaseException, is_template: Callable[[str], bool]) -> Optional[Tuple[str, int]]:
    """(file, line) of the innermost template frame of a runtime error (an included template's own)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if is_template(name):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _error(exc: Exception, template: Path, line: Optional[int], paragraph: Optional[Tuple[int, str]] = None
           ) -> ThiduaError:
    """'Lỗi trong mẫu templates/bao-cao.md.j2:12: ...' (a Word template names the paragraph instead)."""
    where = display_path(template) + (f":{line}" if line else "")
    if paragraph:
        where += f", đoạn văn thứ {paragraph[0]} («{paragraph[1]}»)"
    return ThiduaError(f"Lỗi trong mẫu {where}: {_explain(exc).rstrip('.')}.")


# --- rendering -----------------------------------------------------------------------

def render(context, fmt: str, dirs: Sequence[Path]) -> bytes:
    """The document's bytes, from the bloc's own templates or the shipped ones.

    The shipped templates, which the project controls, run in this process. When the bloc has a
    templates folder of its own, the document is made in a child process bounded by TEMPLATE_SECONDS,
    TEMPLATE_MEMORY and TEMPLATE_OUTPUT (`worker`): on the sample that costs 10 ms more for Markdown,
    20-30 ms for Word with fork (Linux), half a second with spawn (Windows, macOS).
    """
    path = _find_template(template_name(context.kind, fmt), dirs)
    shipped = (bundled_root() / "templates").resolve()
    if all(folder.resolve() == shipped for folder in dirs):
        return _render(context, fmt, dirs)
    limits = worker.Limits(TEMPLATE_SECONDS, TEMPLATE_MEMORY, TEMPLATE_OUTPUT)
    try:
        return worker.run(_render, (context, fmt, dirs, limits), limits)
    except worker.LimitExceeded as exc:  # outside a template's line: name the template
        raise _error(exc, path, None) from None


def _render(context, fmt: str, dirs: Sequence[Path], limits: Optional[worker.Limits] = None) -> bytes:
    if fmt == "docx":
        return render_docx(context, dirs, limits)
    return render_text(context, fmt, dirs, limits)


def _clock(limits: Optional[worker.Limits]) -> Optional[float]:
    """The environment's deadline: only for a child whose CPU time the system cannot limit."""
    return None if limits is None or worker.cpu_limited() else limits.cpu_seconds


def render_text(context, fmt: str, dirs: Sequence[Path], limits: Optional[worker.Limits] = None) -> bytes:
    """Markdown or HTML from the context's template; with `limits`, stopped once past its output size."""
    render_named = named_renderer(dirs, autoescape=(fmt == "html"), limits=limits)
    return render_named(template_name(context.kind, fmt), rc.as_mapping(context)).encode("utf-8")


def named_renderer(dirs: Sequence[Path], autoescape: bool, limits: Optional[worker.Limits] = None,
                   shipped_only: bool = False) -> Callable[[str, Dict[str, object]], str]:
    """A function rendering a template by name (e.g. "site/unit.html.j2") with a mapping, in one
    environment, so that each template is compiled once however many pages use it. With `limits`,
    it stops once all it has rendered together pass their output size. Errors name the template
    and its line, in Vietnamese. `shipped_only`: `dirs` hold only the shipped templates, which need
    no sandbox (`environment`)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    env = environment(dirs, autoescape=autoescape, seconds=_clock(limits), sandboxed=not shipped_only)
    made = [0]

    def render_named(name: str, mapping: Dict[str, object]) -> str:
        path = _find_template(name, dirs)
        try:
            template = env.get_template(name)
        except TemplateSyntaxError as exc:
            raise _error(exc, Path(exc.filename or path), exc.lineno) from exc
        try:
            if limits is None:  # the shipped templates: no size to watch, Jinja joins the text at once
                return template.render(mapping)
            chunks = []
            for chunk in template.generate(mapping):
                made[0] += len(chunk)
                if limits is not None and made[0] > limits.output:
                    raise worker.LimitExceeded("output")
                chunks.append(chunk)
            return "".join(chunks)
        except TemplateNotFound as exc:
            raise ThiduaError(f"Mẫu '{display_path(path)}' gọi tới mẫu không có: '{exc.name}'.") from exc
        except TemplateSyntaxError as exc:  # in an included template
            raise _error(exc, Path(exc.filename or path), exc.lineno) from exc
        except Exception as exc:  # noqa: BLE001 - undefined names, the sandbox, a filter given a wrong value
            roots = [str(d.resolve()) for d in dirs]
            found = _template_frame(exc, lambda f: any(os.path.abspath(f).startswith(r + os.sep) for r in roots))
            filename, line = found or (template.filename or str(path), None)
            raise _error(exc, Path(filename), line) from exc

    return render_named


def render_docx(context, dirs: Sequence[Path], limits: Optional[worker.Limits] = None) -> bytes:
    """A Word document from the context's .docx template (docxtpl); its size is the child's to check."""
    from docxtpl import DocxTemplate

    name = template_name(context.kind, "docx")
    path = _find_template(name, dirs)
    doc = DocxTemplate(str(path))
    try:
        doc.init_docx()
    except Exception as exc:  # noqa: BLE001 - not a Word file, or a damaged one
        raise ThiduaError(f"Không mở được mẫu Word {display_path(path)} (tệp hỏng hoặc không phải .docx: "
                          f"{exc}).") from exc
    try:
        doc.render(rc.as_mapping(context), jinja_env=environment(dirs, autoescape=True, seconds=_clock(limits)),
                   autoescape=True)
    except Exception as exc:  # noqa: BLE001 - syntax, undefined names, the sandbox, a filter given a wrong value
        line = getattr(exc, "lineno", None) or _template_line(exc, "<template>")
        raise _error(exc, path, None, _docx_paragraph(path, line)) from exc
    out = io.BytesIO()
    doc.save(out)
    from thidua.rendering.documents.word import _reproducible_zip

    return _reproducible_zip(out.getvalue())  # same data, same bytes (a site's CI diff shows only changes)


def _docx_paragraph(path: Path, line: Optional[int]) -> Optional[Tuple[int, str]]:
    """The number and text of the Word paragraph at a line of docxtpl's source.

    docxtpl puts each paragraph (`<w:p>`) on a line of its own before rendering, so line N is the
    (N-1)-th paragraph of the document, counting those inside tables."""
    if not line or line < 2:
        return None
    try:
        from docxtpl import DocxTemplate

        doc = DocxTemplate(str(path))
        doc.render_init()
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(doc.get_xml()))
        lines = xml.splitlines()
    except Exception:  # noqa: BLE001 - only a hint for the message
        return None
    if line > len(lines):
        return None
    text = re.sub(r"<[^>]+>", "", lines[line - 1]).strip()
    return (line - 1, text[:120]) if text else None


def refuse_terminal(fmt: str, stream=None) -> None:
    """A Word file is binary: never pour it onto a terminal."""
    stream = stream or sys.stdout
    if fmt == "docx" and hasattr(stream, "isatty") and stream.isatty():
        raise UsageError("Không in tệp Word (.docx) ra màn hình; dùng -o TỆP.docx hoặc chuyển hướng: "
                         "thidua report ... --format docx > TỆP.docx.")
