"""The `thidua` command line: parse options, call one library function, print.

Everything a user reads here is Vietnamese; the work happens in the library.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import click

from thidua import __version__
from thidua.clickvi import Command, Group, install as _install_vietnamese

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


class YearType(click.ParamType):
    """A year of the bloc, in the range a data file's `year` accepts (`thidua.model.YEAR`)."""

    name = "year"

    def convert(self, value, param, ctx):
        from thidua.model import YEAR as DATA_YEAR

        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) <= 4 and DATA_YEAR.minimum <= int(text) <= DATA_YEAR.maximum:
            return int(text)
        shown = text if len(text) <= 20 else text[:19] + "…"
        self.fail(f"Năm '{shown}' không hợp lệ: cần một năm từ {DATA_YEAR.minimum} đến {DATA_YEAR.maximum}, "
                  "ví dụ 2020.", param, ctx)


YEAR = YearType()

DATA_OPTION_HELP = ("Thư mục dữ liệu của Khối. Mặc định: biến môi trường THIDUA_DATA, "
                    "nếu không có thì ./data, nếu không có nữa thì dữ liệu mẫu đi kèm.")


@click.group(cls=Group, context_settings=CONTEXT, options_metavar="[TÙY_CHỌN]",
             subcommand_metavar="LỆNH [THAM_SỐ]...")
@click.option("--data", "data", metavar="THƯ_MỤC", help=DATA_OPTION_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="thidua", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, data: Optional[str]) -> None:
    """thidua: quản lý năm thi đua của Khối thi đua.

    Kiểm tra dữ liệu, tính điểm và xếp hạng, đề nghị khen thưởng, luân phiên
    Trưởng khối và soạn báo cáo sơ kết, tổng kết theo Nghị định 30/2020/NĐ-CP.
    """
    ctx.obj = Env(data)


cli.command_class = Command


def _stdout_bytes(data: bytes) -> None:
    """Bytes to standard output as they are (a CSV's BOM, a DOCX), whatever the console's encoding."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _emit(text: str, fmt: str, output: Optional[str], force: bool, written: str) -> None:
    """A rendered table to -o (atomically, UTF-8) or to standard output."""
    if output:
        from thidua.commands.common import save

        save(output, (text if text.endswith("\n") else text + "\n").encode("utf-8"), force)
        click.echo(f"{written} {output}.", err=True)
    elif fmt == "csv":
        _stdout_bytes(text.encode("utf-8"))
    else:
        _echo(text)


def _echo(text: str) -> None:
    """A command's result to the terminal; names from the data cannot drive it (`problems.printable`)."""
    from thidua.problems import printable

    click.echo(printable(text))


def _problem_format_default() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@cli.command(short_help="Kiểm tra dữ liệu của một năm.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
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
    from thidua.commands.validate import validate as run_validation
    from thidua.problems import FORMATTERS, summary_line

    result = run_validation(env.data_dir(), year, all_years)
    problems = result.problems
    fmt = fmt or _problem_format_default()
    if fmt == "json":
        click.echo(FORMATTERS["json"](problems))
    elif problems:
        click.echo(FORMATTERS[fmt](problems))
    if fmt != "json":
        line = summary_line(problems)
        names = ", ".join(str(t) for t in result.years)
        click.echo(line if line else f"Dữ liệu năm {names} hợp lệ.", err=bool(line))
    sys.exit(1 if result.failed(strict) else 0)


@cli.command(short_help="In lược đồ JSON Schema của các tệp dữ liệu.")
@click.option("--kind", type=click.Choice(["bloc", "criteria", "awards", "self-report", "review", "summary",
                                           "ballots"]),
              help="Chỉ in lược đồ của một loại tệp.")
@click.option("-o", "--output", "output", metavar="TỆP",
              help="Ghi vào tệp (UTF-8) thay vì in ra màn hình; nên dùng trên Windows.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
def schema(kind: Optional[str], output: Optional[str], force: bool) -> None:
    """In lược đồ JSON Schema của các tệp dữ liệu (dùng cho VS Code và CI)."""
    from thidua.commands.schema import schema_text

    text = schema_text(kind)
    if output:
        from thidua.commands.common import save

        save(output, (text + "\n").encode("utf-8"), force)
        click.echo(f"Đã ghi {output}.", err=True)
    else:
        click.echo(text)


@cli.command(short_help="Liệt kê đơn vị thành viên (thứ tự chữ cái tiếng Việt).")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Dạng kết quả: text (bảng) hoặc json.")
@pass_env
def units(env: Env, year: Optional[int], fmt: str) -> None:
    """Liệt kê đơn vị thành viên theo thứ tự chữ cái tiếng Việt (mặc định: năm mới nhất).

    Mỗi đơn vị: mã, tên, tên ngắn, nhóm, vai trò (Trưởng khối, Phó trưởng khối) và các
    danh hiệu đã đăng ký thi đua.
    """
    from thidua.commands.units import load_roster
    from thidua.paths import resolve_year
    from thidua.rendering.roster import roster_json, roster_text

    data_dir = env.data_dir()
    roster = load_roster(data_dir, resolve_year(data_dir, year))
    _echo(roster_json(roster) if fmt == "json" else roster_text(roster))


@cli.command(short_help="Tổng điểm, xếp loại và xếp hạng các đơn vị.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--half", type=click.Choice(["1"]), help="Xếp hạng kỳ sơ kết 6 tháng đầu năm (--half 1). "
                                                       "Mặc định: cả năm.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json", "markdown", "xlsx"]), default="text",
              show_default=True, help="Dạng kết quả: text (bảng), csv (UTF-8 có BOM, mở bằng Excel), "
                                      "json (số thuần, dùng cho CI), markdown, xlsx (bảng tổng hợp điểm để in; "
                                      "cần -o TỆP.xlsx).")
@click.option("--detail", is_flag=True, help="Thêm cột điểm thẩm định của từng nhóm tiêu chí.")
@click.option("-o", "--output", metavar="TỆP", type=click.Path(dir_okay=False),
              help="Ghi ra tệp thay vì in ra màn hình (không ghi đè tệp đã có, trừ khi có --force).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có khi dùng -o.")
@pass_env
def rank(env: Env, year: Optional[int], half: Optional[str], fmt: str, detail: bool, output: Optional[str],
         force: bool) -> None:
    """Tính tổng điểm, xếp loại và xếp hạng các đơn vị (mặc định: cả năm, năm mới nhất).

    Điểm được tính là điểm thẩm định của Trưởng khối, nếu không có thì điểm tự chấm.
    Bằng tổng điểm thì xét lần lượt các tiêu chí phụ của bảng điểm; không phân định
    được thì đồng hạng. Dữ liệu còn lỗi thì không xếp hạng: chạy `thidua validate` trước.
    """
    from thidua.commands.common import period_of, refuse_existing
    from thidua.commands.rank import rank_period
    from thidua.model import PERIOD_WORDS
    from thidua.paths import resolve_year
    from thidua.rendering.ranking import render_ranking

    refuse_existing(output, force)
    data_dir = env.data_dir()
    target = resolve_year(data_dir, year)
    ranking = rank_period(data_dir, target, period_of(half))
    if fmt == "xlsx":
        from thidua.commands.rank import save_workbook

        click.echo(f"Đã ghi bảng tổng hợp điểm vào tệp {save_workbook(ranking, output, force)}.", err=True)
    else:
        _emit(render_ranking(ranking, fmt, detail), fmt, output, force, "Đã ghi bảng xếp hạng vào tệp")
    if ranking.warnings:
        click.echo(f"Lưu ý: các tệp dùng để xếp hạng kỳ {PERIOD_WORDS[ranking.period]} {target} có "
                   f"{ranking.warnings} cảnh báo; chạy `thidua validate {target}` để xem.", err=True)


@cli.command("rotate-chair", short_help="Luân phiên Trưởng khối và mở thư mục năm sau.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--chair", metavar="ĐƠN_VỊ", help="Mã đơn vị làm Trưởng khối năm sau (theo kết quả bầu hoặc quyết "
                                                 "định); thay cho quy tắc luân phiên.")
@click.option("--vice", "vices", metavar="ĐƠN_VỊ", multiple=True,
              help="Mã đơn vị làm Phó trưởng khối năm sau; ghi hai lần nếu Khối có hai Phó trưởng khối.")
@click.option("--dry-run", "dry_run", is_flag=True, help="Chỉ in những gì sẽ ghi (danh sách tệp, nội dung bloc.yaml "
                                                         "mới); không ghi tệp nào.")
@click.option("--force", is_flag=True, help="Thay thế bloc.yaml đã có của năm sau (bản cũ được sao lưu thành "
                                            "bloc.yaml.bak-<thời điểm>).")
@pass_env
def rotate_chair(env: Env, year: Optional[int], chair: Optional[str], vices: tuple, dry_run: bool,
                 force: bool) -> None:
    """Luân phiên Trưởng khối sang năm sau và mở thư mục năm sau (mặc định: từ năm mới nhất có bloc.yaml).

    Tính Trưởng khối, Phó trưởng khối năm sau theo quy tắc trong bloc.yaml (mục rotation), in câu
    bàn giao, rồi tạo NĂM+1/bloc.yaml (giữ thành viên, thứ tự, chú thích; chỉ đổi năm, Trưởng
    khối, Phó trưởng khối) cùng bản sao criteria.yaml và awards.yaml. Không sửa thư mục năm nay,
    không ghi đè (trừ khi dùng --force).
    """
    from thidua.commands.rotate_chair import describe, rotate_chair as run_rotation

    data_dir = env.data_dir()
    result = run_rotation(data_dir, year, chair=chair, vices=vices, dry_run=dry_run,
                          force=force)
    _echo(describe(result))


@cli.command("init", short_help="Tạo thư mục cho một Khối thi đua mới.")
@click.argument("folder", required=False, default=".", metavar="[THƯ_MỤC]")
@click.option("--preset", type=click.Choice(["tinh", "bo", "huyen"]), default="tinh", show_default=True,
              help="Bộ mẫu: tinh (Khối thi đua cấp tỉnh), bo (Cụm thi đua của bộ, ngành), huyen (Khối cấp huyện).")
@click.option("--year", type=YEAR, metavar="NĂM", help="Năm thi đua đầu tiên (mặc định: năm nay).")
@click.option("--force", is_flag=True, help="Cho phép tạo vào thư mục không trống (tệp trùng tên bị ghi đè).")
def init(folder: str, preset: str, year: Optional[int], force: bool) -> None:
    """Tạo thư mục cho một Khối thi đua mới (mặc định: thư mục hiện tại).

    Gồm data/NĂM/ (bloc.yaml để điền, bảng chấm điểm và quy định khen thưởng theo bộ mẫu,
    mẫu báo cáo tự chấm h1/<đơn vị>.yaml cho từng đơn vị), mẫu báo cáo, .gitignore, quy trình
    GitHub Actions và cấu hình pre-commit. Không ghi vào thư mục không trống, trừ khi có --force.
    """
    import datetime as dt

    from thidua.commands.init import create_bloc, describe

    made = create_bloc(Path(folder), preset, dt.date.today().year if year is None else year, force)
    _echo(describe(made, folder))


@cli.command(short_help="Xét đề nghị khen thưởng cuối năm.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json", "markdown"]), default="text",
              show_default=True, help="Dạng kết quả: text (bảng trên màn hình), csv (mở bằng Excel), json (cho CI), "
                                      "markdown.")
@click.option("-o", "--output", metavar="TỆP", type=click.Path(dir_okay=False),
              help="Ghi kết quả vào tệp thay vì in ra màn hình.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có khi dùng -o.")
@pass_env
def nominate(env: Env, year: Optional[int], fmt: str, output: Optional[str], force: bool) -> None:
    """Xét đề nghị khen thưởng cuối năm theo awards.yaml (mặc định: năm mới nhất).

    Với từng hình thức: các đơn vị được đề nghị (hạng, tổng điểm, xếp loại, phiếu bầu), và
    với mỗi đơn vị không được đề nghị, điều kiện đầu tiên chưa đạt ("Yêu cầu: … / Hiện có: …").
    Bằng hạng ở ranh giới chỉ tiêu thì xét theo quy tắc trong awards.yaml (tỷ lệ nữ, phiếu bầu);
    không phân định được thì in là bằng hạng để Khối bỏ phiếu, không tự chọn.
    """
    from thidua.commands.common import refuse_existing
    from thidua.commands.nominate import nominate_year
    from thidua.paths import resolve_year
    from thidua.rendering.nominations import render_nominations

    refuse_existing(output, force)
    data_dir = env.data_dir()
    target = resolve_year(data_dir, year)
    result = nominate_year(data_dir, target)
    _emit(render_nominations(result, fmt), fmt, output, force, "Đã ghi kết quả xét đề nghị khen thưởng vào tệp")
    if result.warnings:
        click.echo(f"Lưu ý: các tệp dùng để xét đề nghị khen thưởng năm {target} có {result.warnings} cảnh báo; "
                   f"chạy `thidua validate {target}` để xem.", err=True)


def _complete_unit(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Shell completion of unit ids, from the latest year of the data folder; never fails."""
    try:
        from thidua.commands.common import latest_unit_ids
        from thidua.paths import resolve_data_dir

        data_dir, _ = resolve_data_dir(ctx.find_root().params.get("data"))
        return [unit for unit in latest_unit_ids(data_dir) if unit.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a completion must never print a traceback into the shell
        return []


@cli.command("export-sheet", short_help="Xuất bảng tự chấm điểm của một đơn vị ra Excel.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--unit", "unit_id", required=True, metavar="ĐƠN_VỊ", help="Mã đơn vị (xem: thidua units).",
              shell_complete=_complete_unit)
@click.option("--half", type=click.Choice(["1"]), help="Bảng điểm sơ kết 6 tháng đầu năm (--half 1). Mặc định: cả năm.")
@click.option("-o", "--output", metavar="TỆP.xlsx", type=click.Path(dir_okay=False),
              help="Tên tệp Excel (mặc định: bang-diem-<đơn vị>-<năm>[-6-thang].xlsx).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
@pass_env
def export_sheet(env: Env, year: Optional[int], unit_id: str, half: Optional[str], output: Optional[str],
                 force: bool) -> None:
    """Xuất bảng tự chấm điểm của một đơn vị ra tệp Excel để điền và in (mặc định: năm mới nhất).

    Bảng có các nhóm tiêu chí, điểm tối đa, cột "Tự chấm" (chỉ nhận số từ 0 đến điểm tối đa),
    các dòng điểm thưởng, điểm trừ và tổng điểm tự tính; khổ A4, phông Times New Roman. Nếu đơn
    vị đã có báo cáo tự chấm, điểm đã chấm được điền sẵn. Điền xong, nhập lại bằng
    `thidua import-scores`.
    """
    from thidua.commands.common import period_of
    from thidua.commands.export_sheet import export_sheet as write_sheet
    from thidua.paths import resolve_year

    data_dir = env.data_dir()
    path = write_sheet(data_dir, resolve_year(data_dir, year), period_of(half), unit_id, output, force)
    click.echo(f"Đã ghi bảng tự chấm điểm của '{unit_id}' vào tệp {path}.")


@cli.command("import-scores", short_help="Nhập bảng tự chấm điểm Excel đã điền.")
@click.argument("file", metavar="TỆP.xlsx", type=click.Path(dir_okay=False))
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--unit", "unit_id", required=True, metavar="ĐƠN_VỊ", help="Mã đơn vị của bảng điểm.",
              shell_complete=_complete_unit)
@click.option("--half", type=click.Choice(["1"]), help="Bảng điểm sơ kết 6 tháng đầu năm (--half 1). Mặc định: cả năm.")
@click.option("--force", is_flag=True, help="Thay báo cáo tự chấm đã có (chỉ thay điểm, điểm thưởng, điểm trừ; "
                                            "giữ ngày gửi, kết quả nổi bật, tồn tại, hạn chế).")
@pass_env
def import_scores(env: Env, file: str, year: Optional[int], unit_id: str, half: Optional[str], force: bool) -> None:
    """Nhập bảng tự chấm điểm đã điền (tệp do `thidua export-sheet` tạo) vào báo cáo tự chấm YAML.

    Ghi vào NĂM/h1/<đơn vị>.yaml (với --half 1) hoặc NĂM/year/<đơn vị>.yaml. Ô trống, ô không
    phải số hoặc ngoài khoảng 0..điểm tối đa được báo kèm vị trí (ví dụ "Bảng điểm!D7"), tất cả
    trong một lần chạy; khi có lỗi thì không ghi gì (mã thoát 1). Số thập phân viết 8,5 hay 8.5
    đều được.
    """
    from thidua.commands.common import period_of
    from thidua.commands.import_scores import import_scores as run_import
    from thidua.paths import resolve_year

    data_dir = env.data_dir()
    result = run_import(data_dir, resolve_year(data_dir, year), period_of(half), unit_id, Path(file), force)
    for problem in result.problems:
        click.echo(str(problem))
    if not result.written:
        click.echo(f"Có {len(result.problems)} lỗi trong tệp {file}; chưa ghi gì. Sửa các ô trên rồi chạy lại.",
                   err=True)
        sys.exit(1)
    from thidua.paths import display_path

    if result.backup:
        click.echo(f"Đã sao lưu báo cáo cũ thành {display_path(result.backup)}.")
    click.echo(f"Đã ghi {result.scores} điểm tiêu chí vào {display_path(result.target)}. "
               f"Kiểm tra: thidua validate")


@cli.command(short_help="Kết quả thi đua của đơn vị qua các năm.")
@click.argument("unit_id", required=False, metavar="[ĐƠN_VỊ]", shell_complete=_complete_unit)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Dạng kết quả: text (bảng) hoặc json.")
@pass_env
def history(env: Env, unit_id: Optional[str], fmt: str) -> None:
    """Kết quả thi đua cả năm của một đơn vị (hoặc mọi đơn vị) qua các năm có dữ liệu.

    Mỗi năm: tên đơn vị năm đó (theo dõi được khi đơn vị đổi tên mà giữ mã), hạng, tổng điểm,
    xếp loại và các hình thức khen thưởng Khối đã đề nghị.
    """
    from thidua.commands.history import histories
    from thidua.rendering.history import history_json, history_text

    found = histories(env.data_dir(), unit_id)
    _echo(history_json(found) if fmt == "json" else history_text(found))


@cli.command(short_help="Soạn báo cáo sơ kết, tổng kết, Tờ trình, Biên bản.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--half", type=click.Choice(["1"]), help="Báo cáo sơ kết 6 tháng đầu năm (--half 1). "
                                                       "Mặc định: báo cáo tổng kết năm.")
@click.option("--kind", type=click.Choice(["bao-cao", "to-trinh", "bien-ban"]), default="bao-cao",
              show_default=True, help="Loại văn bản: bao-cao (báo cáo sơ kết, tổng kết), to-trinh (Tờ trình đề nghị "
                                      "khen thưởng), bien-ban (Biên bản họp bình xét, bỏ phiếu); hai loại sau chỉ "
                                      "lập cho cả năm.")
@click.option("-o", "--output", metavar="TỆP", type=click.Path(dir_okay=False),
              help="Ghi ra tệp; dạng tệp theo phần mở rộng (.docx, .md, .html). Không có -o thì in Markdown ra "
                   "màn hình.")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "html"]), default=None,
              help="Dạng văn bản, nếu không muốn đoán theo phần mở rộng của -o.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
@pass_env
def report(env: Env, year: Optional[int], half: Optional[str], kind: str, output: Optional[str],
           fmt: Optional[str], force: bool) -> None:
    """Soạn báo cáo sơ kết, tổng kết (và Tờ trình, Biên bản) theo Nghị định 30/2020/NĐ-CP.

    Văn bản Word (.docx) đúng thể thức: khổ A4, Times New Roman, quốc hiệu, tiêu ngữ,
    số và ký hiệu, chữ ký, nơi nhận. Số liệu (số đơn vị, đăng ký thi đua, bảng điểm,
    đề nghị khen thưởng) do thidua tự tính; phần văn xuôi lấy từ summary.yaml của kỳ.
    Mẫu văn bản trong thư mục templates/ cạnh thư mục dữ liệu (nếu có) được dùng
    trước mẫu đi kèm, từng tệp một.
    """
    from thidua.commands.common import period_of, refuse_existing, save
    from thidua.commands.report import render_report
    from thidua.paths import resolve_year
    from thidua.rendering.documents.render import output_format, refuse_terminal

    fmt = output_format(output, fmt)
    if not output:
        refuse_terminal(fmt, sys.stdout)
    refuse_existing(output, force)
    data_dir = env.data_dir()
    data = render_report(data_dir, resolve_year(data_dir, year), period_of(half), kind, fmt)
    if output:
        save(output, data, force)
        click.echo(f"Đã ghi {output}.", err=True)
    else:
        _stdout_bytes(data)


@cli.command(short_help="Dựng trang web tổng quan của năm, có biểu đồ.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("-o", "--output", metavar="THƯ_MỤC", default="site", show_default=True,
              type=click.Path(file_okay=False), help="Thư mục ghi trang web (tạo mới; thư mục đã có tệp thì cần --force).")
@click.option("--no-documents", "no_documents", is_flag=True,
              help="Không lập văn bản Word (báo cáo, Tờ trình, Biên bản) để tải về; dựng nhanh hơn.")
@click.option("--force", is_flag=True, help="Thay trang cũ do thidua site tạo trong thư mục đó.")
@pass_env
def site(env: Env, year: Optional[int], output: str, no_documents: bool, force: bool) -> None:
    """Dựng trang web tổng quan của năm thi đua (mặc định: năm mới nhất) vào một thư mục.

    Trang chủ (Khối, các kỳ, ai đã gửi báo cáo, văn bản để tải về), bảng xếp hạng từng kỳ,
    một trang cho mỗi đơn vị (biểu đồ nhóm tiêu chí so với Khối, cách tính tổng điểm, kết quả
    qua các năm, đề nghị khen thưởng), bản đồ tiêu chí và danh sách đề nghị khen thưởng.
    Mở index.html bằng trình duyệt, không cần mạng; mẫu trong templates/site/ cạnh thư mục
    dữ liệu (nếu có) được dùng trước mẫu đi kèm. Dữ liệu còn lỗi thì không dựng.
    """
    from thidua.commands.site import build_site, refuse_output
    from thidua.paths import resolve_year

    folder = Path(output)
    refuse_output(folder, force)
    data_dir = env.data_dir()
    built = build_site(data_dir, resolve_year(data_dir, year), folder, force, documents=not no_documents)
    for note in built.notes:
        click.echo(f"Lưu ý: {note}", err=True)
    click.echo(f"Đã ghi trang tổng quan ({built.pages} trang, {built.files} tệp) vào thư mục {output}; "
               f"mở {os.path.join(output, 'index.html')} bằng trình duyệt.", err=True)


def main() -> None:
    """Entry point of the console script."""
    from thidua.console import run

    run(cli)
