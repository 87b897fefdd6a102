"""Click's own messages (usage, help headings, parse errors) in Vietnamese.

Click looks its strings up through `gettext`; we hand its modules a translator
backed by a table, so no catalogue file has to be compiled or installed.
"""

from __future__ import annotations

import importlib

import click

_SINGULAR = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: '{command} {option}'.",
    "No such option: {name}": "Không có tùy chọn {name}",  # click 8.1
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Missing command.": "Thiếu tên lệnh.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải giá trị đúng/sai hợp lệ. Các giá trị nhận được: {states}",
    "{value!r} is not a valid UUID.": "{value!r} không phải là UUID hợp lệ.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} nhận {nargs} giá trị.",
    "Aborted!": "Đã hủy.",
    "default: {default}": "mặc định: {default}",
    "(dynamic)": "(tính khi chạy)",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Choice({choices})": "Lựa chọn({choices})",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} không đọc được.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} không ghi được.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} không chạy được.",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận, không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị đã nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục...",
    "deprecated": "không còn dùng",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Cảnh báo: lệnh {name!r} không còn dùng nữa.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Cảnh báo: {param_type} {name!r} không còn dùng nữa.{extra_message}",
    "Unknown color {colour!r}": "Không có màu {colour!r}",
    "Unknown standard stream '{name}'": "Không có luồng chuẩn '{name}'",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Không nhận ra phiên bản Bash; chưa gợi ý lệnh (shell completion) được.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Gợi ý lệnh (shell completion) cần Bash 4.4 trở lên.",
    # Mistakes in the declaration of a command (a programmer's, raised before any user sees it)
    "Invalid start character for option ({option})": "Ký tự đầu của tùy chọn không hợp lệ ({option})",
    "Name '{name}' defined twice": "Tên '{name}' được khai báo hai lần",
    "Could not determine name for option with declarations {decls!r}":
        "Không xác định được tên của tùy chọn khai báo {decls!r}",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Mỗi tham số chỉ khai báo đúng một tên, ở đây có {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "Tùy chọn đúng/sai {decl!r} không dùng được cùng một cờ cho cả đúng và sai.",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?":
        "Chưa khai báo tùy chọn nào mà lại có tên ({name}). Có phải ý là khai báo một tham số? "
        "Hay ý là '--{name}'?",
    # click._termui_impl and click._winconsole (progress bar, editor, pager, key press; the Windows
    # console), which click loads only when one of those is used, after install(): thidua uses none
    "d": " ngày",
    "{editor}: Editing failed": "{editor}: không sửa được",
    "{editor}: Editing failed: {e}": "{editor}: không sửa được: {e}",
    "unknown error": "lỗi không rõ",
    "Windows error: {error}": "Lỗi Windows: {error}",
}

_PLURAL = {
    "Did you mean {possibility}?": "Có phải ý là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý là một trong: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} không phải là {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong {choices}.",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng dạng nào trong {formats}.",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
    "{len_type} values are required, but {len_value} was given.": "Cần {len_type} giá trị nhưng chỉ có {len_value}.",
    "{len_type} values are required, but {len_value} were given.": "Cần {len_type} giá trị nhưng có {len_value}.",
}


def gettext(message: str) -> str:
    return _SINGULAR.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return _PLURAL.get(chosen, _SINGULAR.get(chosen, chosen))


_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils", "termui",
            "shell_completion")


def install() -> None:
    """Point click's translation functions at the Vietnamese table."""
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - module layout differs between click versions
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class Command(click.Command):
    """A click command whose usage line says [TÙY_CHỌN] instead of [OPTIONS]."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[TÙY_CHỌN]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """A click group that lists its commands in the order of a bloc's year, not alphabetically."""

    order = ("init", "prepare", "export-sheet", "import-scores", "status", "validate", "units", "rank", "explain",
             "nominate", "report", "site", "rotate-chair", "history", "council", "schema")

    def list_commands(self, ctx):
        known = [name for name in self.order if name in self.commands]
        return known + sorted(name for name in self.commands if name not in known)
