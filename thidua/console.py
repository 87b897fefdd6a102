"""Run the CLI safely on any console: no traceback, no encoding crash."""

from __future__ import annotations

import os
import sys

import click


def _safe_streams() -> None:
    """Never crash on a console that cannot show Vietnamese (LANG=C, cp1252): replace instead."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a detached stream
                pass


def run(group: click.Group) -> None:
    _safe_streams()
    try:
        group.main(prog_name="thidua", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("Đã dừng theo yêu cầu.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last guard: never show a traceback to a clerk
        if os.environ.get("THIDUA_DEBUG"):
            raise
        click.echo(f"Lỗi nội bộ của thidua ({type(exc).__name__}: {exc}). Đây là lỗi của chương trình, "
                   "không phải của dữ liệu; đặt THIDUA_DEBUG=1 để xem chi tiết và báo cho nhóm phát triển.",
                   err=True)
        sys.exit(3)
