"""Opening an Excel workbook that someone sent (`thidua import-scores`): the file is untrusted.

The file is read once (at most `MAX_FILE_BYTES`) and checked before openpyxl sees it:

- its first bytes: an .xlsx is a zip archive; an old .xls (or a password-protected .xlsx) is an
  OLE2 file; anything else (a renamed .csv) is not a workbook;
- the archive's members and their declared unpacked sizes, read from its directory without
  unpacking anything, against `MAX_MEMBERS` and `MAX_UNPACKED_BYTES`: a zip bomb is refused at once
  (and zipfile never unpacks more than a member declares);
- every XML part, parsed by defusedxml with DTDs forbidden: no entity, internal (billion laughs) or
  external; a broken part or an invalid character reference is refused with its place;
- the text of every number cell: a finite decimal of at most `MAX_NUMBER_CHARS` characters (not
  `NaN`, not a million digits), or the cell is named.

Then openpyxl loads it with its warnings silenced. Every refusal is one Vietnamese `ThiduaError`;
no English text of a library reaches the clerk.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterator, NamedTuple, Optional, Set

from thidua.errors import ThiduaError

MAX_FILE_BYTES = 10 * 1024 * 1024  # an exported sheet is about 10 KB; a clerk's logo fits too
MAX_MEMBERS = 1000
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # all members together, as their headers declare
MAX_NUMBER_CHARS = 40  # Excel writes at most 17 significant digits and an exponent
MAX_ROW = 1_048_576  # Excel's last row

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
XML_SUFFIXES = (".xml", ".rels", ".vml")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?")
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

REMAKE = "Xuất bảng mới bằng 'thidua export-sheet', điền điểm vào đó rồi nhập lại."


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


class Opened(NamedTuple):
    """A checked workbook, and its formula cells that hold no computed result ("Bảng điểm!D7"): a file saved
    by a program that does not compute formulas, which openpyxl would read as empty cells."""

    workbook: Any
    uncomputed: FrozenSet[str]


def open_workbook(path: Path, name: str):
    """The openpyxl workbook of the .xlsx file at `path` (shown as `name`), with computed values."""
    return read_workbook(path, name).workbook


def read_workbook(path: Path, name: str) -> Opened:
    """`open_workbook`, with the cells whose formula has no stored result."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        why = "không có quyền đọc" if isinstance(exc, PermissionError) else "lỗi đọc ổ đĩa"
        raise ThiduaError(f"Không đọc được tệp '{name}' ({why}).") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ThiduaError(f"Tệp '{name}' lớn hơn {_mb(MAX_FILE_BYTES)}, quá lớn đối với một bảng điểm; thidua "
                          f"không đọc tệp này. {REMAKE}")
    if data.startswith(OLE2_MAGIC):
        raise ThiduaError(f"Tệp '{name}' là tệp Excel cũ (.xls, Excel 97-2003) hoặc tệp Excel có đặt mật khẩu; "
                          "thidua chỉ đọc tệp .xlsx. Mở tệp bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dạng "
                          "\"Excel Workbook (*.xlsx)\".")
    if not data.startswith(ZIP_MAGIC):
        raise ThiduaError(f"Tệp '{name}' không phải tệp Excel .xlsx (có thể là tệp .csv hay tệp văn bản được đổi "
                          f"tên). {REMAKE}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise _broken(name) from exc
    with archive:
        _check_archive(archive, name)
        uncomputed = _check_parts(archive, name)
    return Opened(_load(data, name), frozenset(uncomputed))


def _broken(name: str, part: str = "") -> ThiduaError:
    where = f" (phần {part})" if part else ""
    return ThiduaError(f"Tệp '{name}' bị hỏng{where}, thidua không đọc được. Mở tệp bằng Excel và lưu lại, "
                       f"hoặc {REMAKE[0].lower()}{REMAKE[1:]}")


def _check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """The members, their declared sizes and kind, checked without unpacking anything."""
    members = archive.infolist()
    unpacked = sum(info.file_size for info in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise ThiduaError(f"Tệp '{name}' khi giải nén lớn {_mb(unpacked)} ({len(members)} phần), vượt giới hạn "
                          f"{_mb(MAX_UNPACKED_BYTES)} của một bảng điểm (có thể là một \"bom nén\"); thidua không "
                          f"đọc tệp này. {REMAKE}")
    names = {info.filename for info in members}
    if "xl/workbook.xml" not in names:
        kind = ("tệp Word (.docx)" if "word/document.xml" in names else
                "tệp PowerPoint (.pptx)" if "ppt/presentation.xml" in names else
                "tệp OpenDocument (.ods, .odt)" if "mimetype" in names else "một tệp nén")
        raise ThiduaError(f"Tệp '{name}' là {kind} chứ không phải tệp Excel .xlsx. {REMAKE}")


def _check_parts(archive: zipfile.ZipFile, name: str) -> Set[str]:
    """Every XML part parsed safely, and every number cell of every worksheet checked; the formula cells
    without a stored result."""
    parts = [info for info in archive.infolist() if info.filename.lower().endswith(XML_SUFFIXES)]
    sheet_ids: Dict[str, str] = {}
    targets: Dict[str, str] = {}
    for info in parts:
        if info.filename.startswith("xl/worksheets/"):
            continue
        for elem in _elements(archive, info, name):
            tag = _local(elem.tag)
            if info.filename == "xl/workbook.xml" and tag == "sheet" and elem.get(REL_ID):
                sheet_ids[elem.get(REL_ID)] = elem.get("name") or ""
            elif info.filename == "xl/_rels/workbook.xml.rels" and tag == "Relationship":
                target = elem.get("Target") or ""
                targets[elem.get("Id") or ""] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    titles = {targets[rid]: title for rid, title in sheet_ids.items() if rid in targets}
    uncomputed: Set[str] = set()
    for info in parts:
        if info.filename.startswith("xl/worksheets/"):
            _check_cells(archive, info, name, titles.get(info.filename), uncomputed)
    return uncomputed


def _check_cells(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, title: Optional[str],
                 uncomputed: Set[str]) -> None:
    for elem in _elements(archive, info, name):
        tag = _local(elem.tag)
        if tag == "row":
            if not (elem.get("r") or "1").isdigit() or not 1 <= int(elem.get("r") or 1) <= MAX_ROW:
                raise _broken(name, info.filename)
            elem.clear()
        elif tag == "c":
            ref = elem.get("r") or ""
            where = f"{title}!{ref}" if title is not None else f"{ref} ({info.filename})"
            match = _CELL_REF.fullmatch(ref) if ref else None
            if ref and (match is None or not 1 <= int(match.group(2)) <= MAX_ROW):
                raise ThiduaError(f"Tệp '{name}' có ô mang địa chỉ sai '{ref[:20]}' ({info.filename}); tệp bị hỏng. "
                                  f"{REMAKE}")
            children = {_local(child.tag): child.text for child in elem}
            if "f" in children and not children.get("v") and title is not None and match is not None:
                uncomputed.add(f"{title}!{ref}")
            if elem.get("t", "n") == "n":
                value = children.get("v")
                if value is not None and (len(value) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(value)):
                    shown = value if len(value) <= 20 else f"{value[:20]}… ({len(value):,} ký tự)".replace(",", ".")
                    raise ThiduaError(f"Tệp '{name}', ô {where}: ô số có giá trị '{shown}' không phải một số đọc "
                                      f"được. Ghi lại ô bằng một số (ví dụ 8,5) rồi lưu tệp.")


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _elements(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator:
    """The elements of one XML part as each ends, parsed by defusedxml with DTDs forbidden."""
    from xml.etree.ElementTree import ParseError
    from xml.parsers.expat import errors

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    part = info.filename
    try:
        with archive.open(info) as stream:
            for _, elem in iterparse(stream, events=("end",), forbid_dtd=True):
                yield elem
    except DefusedXmlException as exc:
        raise ThiduaError(f"Tệp '{name}' có khai báo DOCTYPE hay thực thể XML (phần {part}); tệp Excel thật không "
                          "bao giờ có, nên thidua không đọc tệp này (có thể là tệp được tạo để tấn công máy). "
                          f"{REMAKE}") from exc
    except ParseError as exc:
        line, col = exc.position
        bad_char = exc.code == errors.codes[errors.XML_ERROR_BAD_CHAR_REF]
        what = "mã ký tự không được phép trong XML (&#...;)" if bad_char else "XML không hợp lệ"
        raise ThiduaError(f"Tệp '{name}' bị hỏng: phần {part} có {what} (dòng {line}, cột {col + 1}). Mở tệp bằng "
                          f"Excel và lưu lại, hoặc {REMAKE[0].lower()}{REMAKE[1:]}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        raise _broken(name, part) from exc


def _load(data: bytes, name: str):
    """openpyxl's workbook of checked bytes, its warnings (English) silenced."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True)
    # What openpyxl raises on a workbook it cannot read is not documented (KeyError, ValueError,
    # TypeError, IndexError, AttributeError...): every one means the same to the clerk.
    except Exception as exc:  # noqa: BLE001
        raise _broken(name) from exc
