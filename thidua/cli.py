"""The `thidua` command line: parse options, call one library function, print.

Everything a user reads here is Vietnamese; the work happens in the library.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import click

from thidua import __version__
from thidua.clickvi import install as _install_vietnamese

_install_vietnamese()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Env:
    """Options shared by every command."""

    def __init__(self, data: Optional[str]):
        self.data_option = data

    def data_dir(self) -> Path:
        from thidua.paths import resolve_data_dir

        path, bundled = resolve_data_dir(self.data_option)
        if bundled:
            click.echo(f"Ghi chú: không có thư mục ./data, dùng dữ liệu mẫu đi kèm ({path}).", err=True)
        return path


pass_env = click.make_pass_decorator(Env)

DATA_OPTION_HELP = ("Thư mục dữ liệu của Khối. Mặc định: biến môi trường THIDUA_DATA, "
                    "nếu không có thì ./data, nếu không có nữa thì dữ liệu mẫu đi kèm.")


@click.group(context_settings=CONTEXT)
@click.option("--data", "data", metavar="THƯ_MỤC", help=DATA_OPTION_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="thidua", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, data: Optional[str]) -> None:
    """thidua: quản lý năm thi đua của Khối thi đua.

    Kiểm tra dữ liệu, tính điểm và xếp hạng, đề nghị khen thưởng, luân phiên
    Trưởng khối và soạn báo cáo sơ kết, tổng kết theo Nghị định 30/2020/NĐ-CP.
    """
    ctx.obj = Env(data)


def _problem_format_default() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@cli.command()
@click.argument("year", type=int, required=False, metavar="[NĂM]")
@click.option("--all-years", "all_years", is_flag=True, help="Kiểm tra mọi năm trong thư mục dữ liệu.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default=None,
              help="Dạng kết quả: text (mặc định), json, github (chú thích GitHub Actions; mặc định khi "
                   "GITHUB_ACTIONS=true).")
@click.option("--strict", is_flag=True, help="Coi cảnh báo như lỗi (mã thoát 1).")
@pass_env
def validate(env: Env, year: Optional[int], all_years: bool, fmt: Optional[str], strict: bool) -> None:
    """Kiểm tra dữ liệu của một năm (mặc định: năm mới nhất).

    In mọi vấn đề trong một lần chạy, theo dạng tệp:dòng:cột: lỗi|cảnh báo: nội dung [mã].
    Mã thoát: 0 nếu không có lỗi, 1 nếu có lỗi (hoặc có cảnh báo khi dùng --strict),
    2 nếu dùng sai lệnh.
    """
    from thidua.paths import resolve_year, years
    from thidua.problems import ERROR, FORMATTERS, sort_problems, summary_line
    from thidua.validation import validate_year

    data_dir = env.data_dir()
    targets = years(data_dir) if all_years else [resolve_year(data_dir, year)]
    problems = []
    for target in targets:
        problems += validate_year(data_dir, target)
    problems = sort_problems(problems)
    fmt = fmt or _problem_format_default()
    if fmt == "json":
        click.echo(FORMATTERS["json"](problems))
    elif problems:
        click.echo(FORMATTERS[fmt](problems))
    if fmt != "json":
        line = summary_line(problems)
        names = ", ".join(str(t) for t in targets)
        click.echo(line if line else f"Dữ liệu năm {names} hợp lệ.", err=bool(line))
    failed = any(p.level == ERROR for p in problems) or (strict and problems)
    sys.exit(1 if failed else 0)


@cli.command()
@click.option("--kind", type=click.Choice(["bloc", "criteria", "awards", "self-report", "review", "summary",
                                           "ballots"]),
              help="Chỉ in lược đồ của một loại tệp.")
def schema(kind: Optional[str]) -> None:
    """In lược đồ JSON Schema của các tệp dữ liệu (dùng cho VS Code và CI)."""
    from thidua.schema import full_schema

    click.echo(json.dumps(full_schema(kind), ensure_ascii=False, indent=2))


def main() -> None:
    """Entry point of the console script."""
    from thidua.console import run

    run(cli)
