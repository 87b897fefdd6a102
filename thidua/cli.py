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

DATA_OPTION_HELP = ("Thư mục dữ liệu của Khối (ghi trước hoặc sau tên lệnh). Mặc định: biến môi trường "
                    "THIDUA_DATA, nếu không có thì thư mục data/ tìm từ thư mục hiện tại trở lên (chạy được từ "
                    "trong data/ hay data/2026/). --data mau: Khối mẫu đi kèm (chỉ khi gọi đúng tên này).")


class Env:
    """Options shared by every command: the data folder (`--data`, before or after the command)."""

    def __init__(self, data: Optional[str] = None):  # None: made by `_late_data` when completing (no group callback)
        self.data_option = data
        self._found = None

    def set_data(self, data: Optional[str]) -> None:
        """`thidua rank 2026 --data DIR`: the option after the command; two different ones are a mistake."""
        if data is None:
            return
        if self.data_option is not None and self.data_option != data:
            from thidua.errors import UsageError

            raise UsageError(f"Có hai tùy chọn --data khác nhau ('{self.data_option}' và '{data}'); chỉ ghi một.")
        self.data_option = data

    def folder(self):
        """The data folder as found (`thidua.paths.DataFolder`), once a run."""
        if self._found is None:
            from thidua.paths import resolve_data_dir

            self._found = resolve_data_dir(self.data_option)
            if self._found.sample:
                click.echo(f"Ghi chú: dùng Khối mẫu đi kèm (--data mau, {self._found.path}); dữ liệu giả định.",
                           err=True)
        return self._found

    def data_dir(self) -> Path:
        return self.folder().path

    def year(self, year: Optional[int]) -> int:
        """The year to work on (`thidua.paths.working_year`): the one given, the year folder the user is in,
        else the latest year with self-reports."""
        from thidua.paths import working_year

        found = self.folder()
        return working_year(found.path, year, found.here_year)


def _late_data(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> None:
    ctx.ensure_object(Env).set_data(value)


_env_object = click.make_pass_decorator(Env, ensure=True)


def pass_env(command):
    """Pass the shared options (`Env`) to a command, which also accepts `--data` after its name."""
    return click.option("--data", "late_data", metavar="THƯ_MỤC", expose_value=False, callback=_late_data,
                        help=DATA_OPTION_HELP)(_env_object(command))


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


class HalfType(click.ParamType):
    """`--half 1`: the first half-year (sơ kết); `--half 2`: the second period, which is the whole year
    (tổng kết, the folder year/), the same as leaving --half out. Returns "1" or "2" (`common.period_of`)."""

    name = "half"

    def get_metavar(self, param, ctx=None) -> str:  # click 8.2 passes the context too
        return "1|2"

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(c) for c in ("1", "2") if c.startswith(incomplete)]

    def convert(self, value, param, ctx):
        text = str(value).strip()
        if text in ("1", "2"):
            return text
        shown = text if len(text) <= 20 else text[:19] + "…"
        self.fail(f"'{shown}' không hợp lệ: --half 1 là kỳ sơ kết 6 tháng đầu năm; --half 2 là kỳ thứ hai, tức cả "
                  "năm (tổng kết, thư mục year/), như khi bỏ --half.", param, ctx)


HALF = HalfType()

force_option = click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có khi dùng -o.")
csv_sep_option = click.option(
    "--csv-sep", "csv_sep", type=click.Choice([",", ";"]), default=",", show_default=True,
    help="Dấu ngăn cột của CSV: ',' (mặc định) hoặc ';' cho Excel cài đặt tiếng Việt (dấu phẩy thập phân), để "
         "Excel tách đúng cột và đọc 95,5 là số.")

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


@cli.command(short_help="Kiểm tra dữ liệu của một năm, hoặc các tệp đơn vị gửi.")
@click.argument("targets", nargs=-1, metavar="[NĂM | TỆP...]")
@click.option("--all-years", "all_years", is_flag=True, help="Kiểm tra mọi năm trong thư mục dữ liệu.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default=None,
              help="Dạng kết quả: text (mặc định), json, github (chú thích GitHub Actions; mặc định khi "
                   "GITHUB_ACTIONS=true).")
@click.option("--strict", is_flag=True, help="Coi cảnh báo như lỗi (mã thoát 1).")
@pass_env
def validate(env: Env, targets: tuple, all_years: bool, fmt: Optional[str], strict: bool) -> None:
    """Kiểm tra dữ liệu của một năm (mặc định: năm đang làm, xem dưới), hoặc chỉ các TỆP đơn vị gửi.

    In mọi vấn đề trong một lần chạy, theo dạng tệp:dòng:cột: lỗi|cảnh báo: nội dung [mã].

    Năm đang làm: năm của thư mục đang đứng (chạy từ data/2026/), nếu không thì năm mới nhất
    có báo cáo tự chấm điểm (năm mới do rotate-chair mở chưa được tính cho tới khi có báo cáo
    đầu tiên), nếu không nữa thì năm mới nhất.

    Với TỆP (ví dụ báo cáo tự chấm một đơn vị gửi qua thư, ở bất cứ đâu): đối chiếu với dữ liệu
    của năm ghi trong tệp (`year:`, nếu không có thì thư mục năm chứa tệp), chỉ báo vấn đề của
    chính các tệp đó.

    Mã thoát: 0 nếu không có lỗi, 1 nếu có lỗi (hoặc có cảnh báo khi dùng --strict),
    2 nếu dùng sai lệnh.
    """
    from thidua.commands.validate import validate as run_validation, validate_files
    from thidua.problems import FORMATTERS, summary_line

    files = [t for t in targets if Path(t).exists() or t.lower().endswith((".yaml", ".yml")) or "/" in t or "\\" in t]
    if len(targets) > 1 and len(files) < len(targets):
        raise click.UsageError(f"'{next(t for t in targets if t not in files)}' không phải tệp .yaml; ghi một NĂM, "
                               "hoặc một hay nhiều TỆP.yaml.")
    if files and all_years:
        raise click.UsageError("Không dùng --all-years cùng với TỆP.")
    year = None if files or not targets else YEAR.convert(targets[0], None, click.get_current_context())
    target = None if all_years or files else env.year(year)
    result = (validate_files(env.data_dir(), [Path(f) for f in files]) if files
              else run_validation(env.data_dir(), target, all_years))
    problems = result.problems
    fmt = fmt or _problem_format_default()
    if fmt == "json":
        click.echo(FORMATTERS["json"](problems))
    elif problems:
        click.echo(FORMATTERS[fmt](problems))
    if fmt != "json":
        line = summary_line(problems)
        names = ", ".join(str(t) for t in result.years)
        clean = (f"Các tệp {', '.join(files)} hợp lệ (đối chiếu với dữ liệu năm {names})." if files and len(files) > 1
                 else f"Tệp {files[0]} hợp lệ (đối chiếu với dữ liệu năm {names})." if files
                 else f"Dữ liệu năm {names} hợp lệ.")
        click.echo(line if line else clean, err=bool(line))
        if year is None and target is not None and target != env.folder().here_year:
            _note_later_years(env.data_dir(), target)
    sys.exit(1 if result.failed(strict) else 0)


def _note_later_years(data_dir: Path, target: int) -> None:
    """After rotate-chair: say that the new year, not yet the one worked on, was not checked."""
    from thidua.paths import years

    later = [y for y in years(data_dir) if y > target]
    if later:
        shown = ", ".join(str(y) for y in later)
        click.echo(f"Ghi chú: năm {shown} chưa có báo cáo tự chấm điểm nên chưa phải năm đang làm và chưa được "
                   f"kiểm tra; kiểm tra cả năm đó: thidua validate {later[-1]} (hoặc --all-years).", err=True)


@cli.command(short_help="In lược đồ JSON Schema của các tệp dữ liệu.")
@click.option("--kind", type=click.Choice(["bloc", "criteria", "awards", "self-report", "review", "summary",
                                           "ballots", "council", "council-ballot"]),
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
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "xlsx"]), default="text", show_default=True,
              help="Dạng kết quả: text (bảng), json, csv (mở bằng Excel), xlsx (danh sách để in; cần -o TỆP.xlsx).")
@click.option("-o", "--output", metavar="TỆP", type=click.Path(dir_okay=False),
              help="Ghi ra tệp thay vì in ra màn hình (không ghi đè tệp đã có, trừ khi có --force).")
@force_option
@csv_sep_option
@pass_env
def units(env: Env, year: Optional[int], fmt: str, csv_sep: str, output: Optional[str], force: bool) -> None:
    """Liệt kê đơn vị thành viên theo thứ tự chữ cái tiếng Việt (mặc định: năm đang làm).

    Mỗi đơn vị: mã, tên, tên ngắn, nhóm, vai trò (Trưởng khối, Phó Trưởng khối) và các
    danh hiệu đã đăng ký thi đua.
    """
    from thidua.commands.common import refuse_existing
    from thidua.commands.units import load_roster
    from thidua.rendering.roster import roster_json, roster_text

    if fmt == "xlsx" and not output:
        raise click.UsageError("Dạng xlsx cần tên tệp: thêm -o TỆP.xlsx.")
    refuse_existing(output, force)
    roster = load_roster(env.data_dir(), env.year(year))
    if fmt == "xlsx":
        from thidua.commands.common import save
        from thidua.rendering.xlsx import roster_workbook

        save(output, roster_workbook(roster), force)
        click.echo(f"Đã ghi danh sách đơn vị vào tệp {output}.", err=True)
        return
    from thidua.rendering.roster import roster_csv

    text = roster_json(roster) if fmt == "json" else roster_csv(roster, csv_sep) if fmt == "csv" else roster_text(roster)
    _emit(text, fmt, output, force, "Đã ghi danh sách đơn vị vào tệp")


@cli.command(short_help="Tổng điểm, xếp loại và xếp hạng các đơn vị.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--half", type=HALF, help="Xếp hạng kỳ sơ kết 6 tháng đầu năm (--half 1). "
                                         "Mặc định: cả năm (kỳ thứ hai là cả năm, như --half 2).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json", "markdown", "xlsx"]), default="text",
              show_default=True, help="Dạng kết quả: text (bảng), csv (UTF-8 có BOM, mở bằng Excel), "
                                      "json (số thuần, dùng cho CI), markdown, xlsx (bảng tổng hợp điểm để in; "
                                      "cần -o TỆP.xlsx).")
@csv_sep_option
@click.option("--detail", is_flag=True, help="Thêm cột điểm thẩm định của từng nhóm tiêu chí.")
@click.option("-o", "--output", metavar="TỆP", type=click.Path(dir_okay=False),
              help="Ghi ra tệp thay vì in ra màn hình (không ghi đè tệp đã có, trừ khi có --force).")
@force_option
@pass_env
def rank(env: Env, year: Optional[int], half: Optional[str], fmt: str, csv_sep: str, detail: bool,
         output: Optional[str], force: bool) -> None:
    """Tính tổng điểm, xếp loại và xếp hạng các đơn vị (mặc định: cả năm, năm đang làm).

    Điểm được tính là điểm thẩm định của Trưởng khối, nếu không có thì điểm tự chấm.
    Bằng tổng điểm thì xét lần lượt các tiêu chí phụ của bảng điểm; không phân định
    được thì đồng hạng. Dữ liệu còn lỗi thì không xếp hạng: chạy `thidua validate` trước.
    """
    from thidua.commands.common import period_of, refuse_existing
    from thidua.commands.rank import rank_period
    from thidua.model import PERIOD_WORDS
    from thidua.rendering.ranking import render_ranking

    refuse_existing(output, force)
    data_dir = env.data_dir()
    target = env.year(year)
    ranking = rank_period(data_dir, target, period_of(half))
    if fmt == "xlsx":
        from thidua.commands.rank import save_workbook

        click.echo(f"Đã ghi bảng tổng hợp điểm vào tệp {save_workbook(ranking, output, force)}.", err=True)
    else:
        _emit(render_ranking(ranking, fmt, detail, csv_sep), fmt, output, force, "Đã ghi bảng xếp hạng vào tệp")
    if ranking.warnings:
        click.echo(f"Lưu ý: các tệp dùng để xếp hạng kỳ {PERIOD_WORDS[ranking.period]} {target} có "
                   f"{ranking.warnings} cảnh báo; chạy `thidua validate {target}` để xem.", err=True)


@cli.command("rotate-chair", short_help="Luân phiên Trưởng khối và mở thư mục năm sau.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--chair", metavar="ĐƠN_VỊ", help="Mã đơn vị làm Trưởng khối năm sau (theo kết quả bầu hoặc quyết "
                                                 "định); thay cho quy tắc luân phiên.")
@click.option("--vice", "vices", metavar="ĐƠN_VỊ", multiple=True,
              help="Mã đơn vị làm Phó Trưởng khối năm sau; ghi hai lần nếu Khối có hai Phó Trưởng khối.")
@click.option("--dry-run", "dry_run", is_flag=True, help="Chỉ in những gì sẽ ghi (danh sách tệp, nội dung bloc.yaml "
                                                         "mới); không ghi tệp nào.")
@click.option("--force", is_flag=True, help="Thay thế bloc.yaml đã có của năm sau (bản cũ được sao lưu thành "
                                            "bloc.yaml.bak-<thời điểm>).")
@pass_env
def rotate_chair(env: Env, year: Optional[int], chair: Optional[str], vices: tuple, dry_run: bool,
                 force: bool) -> None:
    """Luân phiên Trưởng khối sang năm sau và mở thư mục năm sau (mặc định: từ năm mới nhất có bloc.yaml).

    Tính Trưởng khối, Phó Trưởng khối năm sau theo quy tắc trong bloc.yaml (mục rotation), in câu
    bàn giao, rồi tạo NĂM+1/bloc.yaml (giữ thành viên, thứ tự, chú thích; chỉ đổi năm, Trưởng
    khối, Phó Trưởng khối) cùng bản sao criteria.yaml và awards.yaml. Không sửa thư mục năm nay,
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
@csv_sep_option
@click.option("-o", "--output", metavar="TỆP", type=click.Path(dir_okay=False),
              help="Ghi kết quả vào tệp thay vì in ra màn hình.")
@force_option
@pass_env
def nominate(env: Env, year: Optional[int], fmt: str, csv_sep: str, output: Optional[str], force: bool) -> None:
    """Xét đề nghị khen thưởng cuối năm theo awards.yaml (mặc định: năm đang làm).

    Với từng hình thức: các đơn vị được đề nghị (hạng, tổng điểm, xếp loại, phiếu bầu), và
    với mỗi đơn vị không được đề nghị, điều kiện đầu tiên chưa đạt ("Yêu cầu: … / Hiện có: …").
    Bằng hạng ở ranh giới chỉ tiêu thì xét theo quy tắc trong awards.yaml (tỷ lệ nữ, phiếu bầu);
    không phân định được thì in là bằng hạng để Khối bỏ phiếu, không tự chọn.
    """
    from thidua.commands.common import refuse_existing
    from thidua.commands.nominate import nominate_year
    from thidua.rendering.nominations import render_nominations

    refuse_existing(output, force)
    data_dir = env.data_dir()
    target = env.year(year)
    result = nominate_year(data_dir, target)
    _emit(render_nominations(result, fmt, csv_sep), fmt, output, force, "Đã ghi kết quả xét đề nghị khen thưởng vào tệp")
    if result.warnings:
        click.echo(f"Lưu ý: các tệp dùng để xét đề nghị khen thưởng năm {target} có {result.warnings} cảnh báo; "
                   f"chạy `thidua validate {target}` để xem.", err=True)


def _complete_unit(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Shell completion of unit ids, from the latest year of the data folder; never fails."""
    try:
        from thidua.commands.common import latest_unit_ids
        from thidua.paths import resolve_data_dir

        env = ctx.find_object(Env)  # --data after the command (`_late_data`), already parsed when it came first
        late = env.data_option if env is not None else None
        data_dir = resolve_data_dir(ctx.find_root().params.get("data") or late).path
        return [unit for unit in latest_unit_ids(data_dir) if unit.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a completion must never print a traceback into the shell
        return []


@cli.command("export-sheet", short_help="Xuất bảng tự chấm điểm của một đơn vị ra Excel.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--unit", "unit_id", required=True, metavar="ĐƠN_VỊ",
              help="Mã đơn vị, hoặc tên, tên ngắn của đơn vị, gõ có dấu hay không dấu (xem: thidua units).",
              shell_complete=_complete_unit)
@click.option("--half", type=HALF, help="Bảng điểm sơ kết 6 tháng đầu năm (--half 1). Mặc định: cả năm (kỳ thứ "
                                         "hai là cả năm, như --half 2).")
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


@cli.command("import-scores", short_help="Nhập các bảng tự chấm điểm Excel đã điền.")
@click.argument("files", metavar="TỆP.xlsx... [NĂM]", nargs=-1, required=True)
@click.option("--unit", "unit_id", metavar="ĐƠN_VỊ", help="Mã đơn vị; chỉ cần cho bảng điểm cũ không tự ghi mã đơn "
                                                          "vị (bảng mới ghi sẵn đơn vị, năm và kỳ).",
              shell_complete=_complete_unit)
@click.option("--half", type=HALF, help="Kỳ của bảng điểm cũ không tự ghi kỳ: 1 (6 tháng đầu năm) hoặc 2 (cả năm, "
                                         "kỳ thứ hai).")
@click.option("--force", is_flag=True, help="Thay báo cáo tự chấm đã có: thay điểm, điểm thưởng, điểm trừ và những "
                                            "gì trang \"Thông tin\" có ghi; giữ mọi phần khác, chú thích, cách viết; "
                                            "bản cũ được sao lưu thành <tên>.bak-<thời điểm>.")
@pass_env
def import_scores(env: Env, files: tuple, unit_id: Optional[str], half: Optional[str], force: bool) -> None:
    """Nhập các bảng tự chấm điểm đã điền (tệp do `thidua prepare` hoặc `thidua export-sheet` tạo).

    Đơn vị, năm và kỳ đọc từ chính bảng điểm; ghi vào NĂM/h1/<đơn vị>.yaml hoặc
    NĂM/year/<đơn vị>.yaml, cùng ngày gửi, kết quả nổi bật, tồn tại, hạn chế, tỷ lệ nữ, vụ việc
    ghi ở trang "Thông tin". Nhận nhiều tệp một lần; lỗi của mọi bảng được báo kèm vị trí (ví dụ
    "Bảng điểm!D7") trong một lần chạy; bảng có lỗi thì không ghi (mã thoát 1), các bảng khác vẫn
    được nhập. Số thập phân viết 8,5 hay 8.5 đều được.
    """
    import re

    from thidua.commands.import_scores import import_sheets
    from thidua.paths import display_path

    year = None
    sheets = []
    for arg in files:  # `import-scores TỆP.xlsx 2024`: a year among the files, as before several files were taken
        if re.fullmatch(r"\d{4}", arg) and not Path(arg).exists():
            year = YEAR.convert(arg, None, click.get_current_context())
        else:
            sheets.append(arg)
    if not sheets:
        raise click.UsageError("Thiếu tệp bảng điểm .xlsx cần nhập.")
    period = None if half is None else "h1" if half == "1" else "year"
    results = import_sheets(env.data_dir(), [Path(f) for f in sheets], year, unit_id, period, force)
    if len(results) == 1 and results[0].refused is not None:
        raise results[0].refused
    failed = 0
    for result in results:
        for problem in result.problems:
            click.echo(str(problem))
        for note in result.notes:
            click.echo(f"Lưu ý: {note}", err=True)
        if not result.written:
            failed += 1
            if result.refused is None:
                click.echo(f"Có {len(result.problems)} lỗi trong tệp {display_path(result.source)}; chưa ghi gì. "
                           "Sửa các ô trên rồi chạy lại.", err=True)
            continue
        if result.backup:
            click.echo(f"Đã sao lưu báo cáo cũ thành {display_path(result.backup)}.")
        click.echo(f"Đã ghi {result.scores} điểm tiêu chí từ {display_path(result.source)} vào "
                   f"{display_path(result.target)}.")
    if len(results) > 1:
        click.echo(f"Đã nhập {len(results) - failed}/{len(results)} bảng điểm"
                   + (f"; {failed} bảng có lỗi, chưa nhập." if failed else "."), err=True)
    if failed:
        sys.exit(1)
    click.echo("Kiểm tra: thidua validate")


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


@cli.command(short_help="Soạn báo cáo, Tờ trình, Biên bản và văn bản khác.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--half", type=HALF, help="Báo cáo sơ kết 6 tháng đầu năm (--half 1). "
                                         "Mặc định: báo cáo tổng kết năm (kỳ thứ hai là cả năm, như --half 2).")
@click.option("--kind", type=click.Choice(["bao-cao", "bang-diem", "to-trinh", "bien-ban", "thanh-tich", "giao-uoc",
                                           "dang-ky"]),
              default="bao-cao", show_default=True,
              help="Loại văn bản: bao-cao (báo cáo sơ kết, tổng kết), bang-diem (Phụ lục: bảng tổng hợp điểm), "
                   "to-trinh (Tờ trình đề nghị khen thưởng), bien-ban (Biên bản Hội nghị bình xét), thanh-tich "
                   "(Báo cáo thành tích của một đơn vị được đề nghị, cần --unit), giao-uoc (Giao ước thi đua), "
                   "dang-ky (Bản đăng ký thi đua của một đơn vị, cần --unit). to-trinh, bien-ban, thanh-tich chỉ "
                   "lập cho cả năm.")
@click.option("--unit", metavar="MÃ", default=None,
              help="Đơn vị của Báo cáo thành tích (--kind thanh-tich) hoặc Bản đăng ký thi đua (--kind dang-ky).")
@click.option("-o", "--output", metavar="TỆP", type=click.Path(dir_okay=False),
              help="Ghi ra tệp; dạng tệp theo phần mở rộng (.docx, .md, .html). Không có -o thì in Markdown ra "
                   "màn hình.")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "html"]), default=None,
              help="Dạng văn bản, nếu không muốn đoán theo phần mở rộng của -o.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
@pass_env
def report(env: Env, year: Optional[int], half: Optional[str], kind: str, unit: Optional[str],
           output: Optional[str], fmt: Optional[str], force: bool) -> None:
    """Soạn các văn bản của Khối theo Nghị định 30/2020/NĐ-CP: báo cáo sơ kết, tổng kết, Phụ lục
    bảng điểm, Tờ trình, Biên bản, Báo cáo thành tích, Giao ước và Bản đăng ký thi đua.

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
    # The covenant and the registrations open the year: the newest year folder, even before any report.
    target = resolve_year(data_dir, year) if kind in ("giao-uoc", "dang-ky") else env.year(year)
    data = render_report(data_dir, target, period_of(half), kind, fmt, unit=unit)
    if output:
        save(output, data, force)
        click.echo(f"Đã ghi {output}.", err=True)
    else:
        _stdout_bytes(data)


@cli.command(short_help="Hội đồng Thi đua - Khen thưởng tỉnh: tổng hợp các Khối, áp quy định toàn tỉnh.")
@click.argument("folder", required=False, default=".", metavar="[THƯ_MỤC]")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "csv", "json", "xlsx", "github"]),
              default=None, help="Dạng kết quả: text (mặc định), markdown, csv (mở bằng Excel), json (cho CI), xlsx "
                                 "(bảng tổng hợp để in; cần -o TỆP.xlsx), github (chỉ in lỗi, cảnh báo dạng chú "
                                 "thích GitHub Actions; mặc định khi GITHUB_ACTIONS=true).")
@click.option("--document", "document", type=click.Choice(["to-trinh", "bien-ban"]),
              help="Lập văn bản của Hội đồng thay cho bảng tổng hợp: to-trinh (Tờ trình gửi Chủ tịch Ủy ban nhân "
                   "dân tỉnh), bien-ban (Biên bản họp Hội đồng); dạng theo phần mở rộng của -o (.docx, .md, .html).")
@click.option("-o", "--output", metavar="TỆP", type=click.Path(dir_okay=False),
              help="Ghi ra tệp thay vì in ra màn hình (không ghi đè tệp đã có, trừ khi có --force).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có khi dùng -o.")
@click.option("--strict", is_flag=True, help="Coi cảnh báo như lỗi (mã thoát 1).")
def council(folder: str, fmt: Optional[str], document: Optional[str], output: Optional[str], force: bool,
            strict: bool) -> None:
    """Hội đồng Thi đua - Khen thưởng tỉnh xét kết quả của mọi Khối thi đua (thư mục có council.yaml).

    Đọc từng Khối bằng cùng bộ đọc và kiểm tra như `thidua validate`, in mọi lỗi của mọi Khối
    (tệp:dòng:cột) trong một lần chạy; Khối có lỗi được ghi là chưa sẵn sàng, các Khối khác vẫn được
    xét. Áp quy định toàn tỉnh của giai đoạn pháp lý: tỷ lệ Cờ thi đua của Chính phủ trên số tập thể
    dẫn đầu đạt tiêu chuẩn (kèm phép tính), ngưỡng phiếu của Hội đồng (ballots.yaml cạnh council.yaml),
    số đơn vị tối đa mỗi Khối. Mã thoát 1 nếu có lỗi (hoặc cảnh báo khi dùng --strict).
    """
    from thidua.commands.common import refuse_existing, save
    from thidua.commands.council import exit_code, run_council
    from thidua.problems import FORMATTERS, summary_line

    # Under GitHub Actions, problems are annotations; the table is still written when -o asks for it.
    annotate = fmt == "github" or (fmt is None and _problem_format_default() == "github")
    fmt = fmt or ("github" if annotate and not output else "text")
    if document is None and fmt == "xlsx" and not output:
        raise click.UsageError("Dạng xlsx cần tên tệp để ghi: thêm -o tong-hop-cac-khoi.xlsx.")
    refuse_existing(output, force)
    result = run_council(Path(folder))
    problems = list(result.problems)
    if annotate:
        if problems:
            click.echo(FORMATTERS["github"](problems))
    elif problems:
        click.echo(FORMATTERS["text"](problems), err=True)
    if document is not None:
        from thidua.commands.council import render_document
        from thidua.rendering.documents.render import output_format, refuse_terminal

        doc_fmt = output_format(output, None)
        if not output:
            refuse_terminal(doc_fmt, sys.stdout)
        data = render_document(result, document, doc_fmt)
        if output:
            save(output, data, force)
            click.echo(f"Đã ghi {output}.", err=True)
        else:
            _stdout_bytes(data)
    elif fmt == "xlsx":
        from thidua.rendering.council import council_workbook

        save(output, council_workbook(result), force)
        click.echo(f"Đã ghi bảng tổng hợp các Khối vào tệp {output}.", err=True)
    elif fmt != "github":
        from thidua.rendering.council import render_council

        _emit(render_council(result, fmt), fmt, output, force, "Đã ghi kết quả của Hội đồng vào tệp")
    line = summary_line(problems)
    click.echo(line or f"Dữ liệu của {len(result.blocs)} Khối hợp lệ.", err=True)
    sys.exit(exit_code(result, strict))


@cli.command(short_help="Chuẩn bị kỳ báo cáo: mẫu báo cáo tự chấm và bảng Excel cho mọi đơn vị.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--half", type=HALF, help="Kỳ sơ kết 6 tháng đầu năm (--half 1) hoặc cả năm (--half 2, kỳ thứ hai). "
                                         "Mặc định: cả năm.")
@click.option("--sheets", "sheets", metavar="THƯ_MỤC", type=click.Path(file_okay=False),
              help="Thư mục ghi bảng Excel của các đơn vị (mặc định: phieu/ cạnh thư mục dữ liệu).")
@click.option("--no-sheets", "no_sheets", is_flag=True, help="Chỉ tạo mẫu báo cáo YAML, không tạo bảng Excel.")
@pass_env
def prepare(env: Env, year: Optional[int], half: Optional[str], sheets: Optional[str], no_sheets: bool) -> None:
    """Chuẩn bị kỳ báo cáo cho mọi đơn vị trong bloc.yaml (mặc định: cả năm, năm mới nhất).

    Tạo NĂM/h1/<đơn vị>.yaml (hoặc NĂM/year/<đơn vị>.yaml): mẫu báo cáo tự chấm để điền,
    mọi điểm bằng 0, chưa có ngày gửi; và bảng tự chấm điểm Excel của từng đơn vị trong
    phieu/ để gửi đi. Không ghi đè tệp đã có: tệp đã có được bỏ qua và liệt kê.
    """
    from thidua.commands.common import period_of
    from thidua.commands.prepare import default_sheets_dir, describe, prepare_round
    from thidua.paths import resolve_year

    data_dir = env.data_dir()
    target = resolve_year(data_dir, year)
    folder = None if no_sheets else Path(sheets) if sheets else default_sheets_dir(data_dir)
    _echo(describe(prepare_round(data_dir, target, period_of(half), folder)))


@cli.command(short_help="Đơn vị nào đã gửi báo cáo, nộp muộn, có lỗi, chưa thẩm định.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--half", type=HALF, help="Kỳ sơ kết 6 tháng đầu năm (--half 1) hoặc cả năm (--half 2, kỳ thứ hai). "
                                         "Mặc định: cả năm.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default=None,
              help="Dạng kết quả: text (bảng, mặc định), json, github (chú thích GitHub Actions; mặc định khi "
                   "GITHUB_ACTIONS=true).")
@click.option("--on", "on", metavar="NGÀY", help="Tính đến ngày này (ví dụ 15/7/2026); mặc định: hôm nay.")
@click.option("--ics", "ics", metavar="TỆP.ics", type=click.Path(dir_okay=False),
              help="Ghi thêm lịch các hạn của năm (iCalendar, mở bằng Outlook, Google Calendar).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp lịch đã có.")
@pass_env
def status(env: Env, year: Optional[int], half: Optional[str], fmt: Optional[str], on: Optional[str],
           ics: Optional[str], force: bool) -> None:
    """Tình hình gửi báo cáo của kỳ (mặc định: cả năm, năm mới nhất).

    Với từng đơn vị: đã gửi (ngày gửi) hay chưa, có tệp nhưng lỗi, nộp muộn hay quá hạn so với
    hạn trong bloc.yaml (mục deadlines), Trưởng khối đã thẩm định chưa. Tệp mẫu do `thidua
    prepare` tạo mà chưa điền được tính là chưa gửi.
    """
    import datetime as dt

    from thidua.commands.common import period_of, refuse_existing
    from thidua.commands.status import round_status
    from thidua.numbers import parse_date
    from thidua.rendering.status import calendar, status_github, status_json, status_text

    today = dt.date.today()
    if on is not None:
        today = parse_date(on.strip())
        if today is None:
            raise click.BadParameter(f"'{on}' không phải một ngày (ví dụ 15/7/2026 hoặc 2026-07-15).",
                                     param_hint="'--on'")
    refuse_existing(ics, force)
    result = round_status(env.data_dir(), env.year(year), period_of(half), today)
    fmt = fmt or _problem_format_default()
    _echo(status_json(result) if fmt == "json" else status_github(result) if fmt == "github" else status_text(result))
    if ics:
        from thidua.commands.common import save

        save(ics, calendar(result.bloc).encode("utf-8"), force)
        click.echo(f"Đã ghi lịch các hạn vào tệp {ics}.", err=True)


@cli.command(short_help="Giải thích từng bước cách tính tổng điểm của một đơn vị.")
@click.argument("unit", metavar="ĐƠN_VỊ")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("--half", type=HALF, help="Kỳ sơ kết 6 tháng đầu năm (--half 1). Mặc định: cả năm (kỳ thứ hai là cả "
                                         "năm, như --half 2).")
@pass_env
def explain(env: Env, unit: str, year: Optional[int], half: Optional[str]) -> None:
    """Giải thích từng bước tổng điểm của ĐƠN_VỊ (mã, tên hoặc tên ngắn của đơn vị): điểm tự chấm, điểm thẩm định, điểm
    tính từ số liệu và công thức, quy đổi tiêu chí không giao, điểm thưởng, điểm trừ và mức trần,
    xếp loại và mức sàn, xếp hạng và tiêu chí phụ; mỗi số kèm tệp:dòng:cột nơi nó được ghi.
    """
    from thidua.commands.common import period_of
    from thidua.commands.explain import explain_unit
    from thidua.rendering.explain import render_explain

    _echo(render_explain(explain_unit(env.data_dir(), env.year(year), period_of(half), unit)).rstrip("\n"))


@cli.command(short_help="Dựng trang web tổng quan của năm, có biểu đồ.")
@click.argument("year", type=YEAR, required=False, metavar="[NĂM]")
@click.option("-o", "--output", metavar="THƯ_MỤC", default="site", show_default=True,
              type=click.Path(file_okay=False), help="Thư mục ghi trang web (tạo mới; thư mục đã có tệp thì cần --force).")
@click.option("--no-documents", "no_documents", is_flag=True,
              help="Không lập văn bản Word (báo cáo, Tờ trình, Biên bản) để tải về; dựng nhanh hơn.")
@click.option("--force", is_flag=True, help="Thay trang cũ do thidua site tạo trong thư mục đó.")
@pass_env
def site(env: Env, year: Optional[int], output: str, no_documents: bool, force: bool) -> None:
    """Dựng trang web tổng quan của năm thi đua (mặc định: năm đang làm) vào một thư mục.

    Trang chủ (Khối, các kỳ, ai đã gửi báo cáo, văn bản để tải về), bảng xếp hạng từng kỳ,
    một trang cho mỗi đơn vị (biểu đồ nhóm tiêu chí so với Khối, cách tính tổng điểm, kết quả
    qua các năm, đề nghị khen thưởng), bản đồ tiêu chí và danh sách đề nghị khen thưởng.
    Mở index.html bằng trình duyệt, không cần mạng; mẫu trong templates/site/ cạnh thư mục
    dữ liệu (nếu có) được dùng trước mẫu đi kèm. Dữ liệu còn lỗi thì không dựng.
    """
    from thidua.commands.site import build_site, refuse_output

    folder = Path(output)
    refuse_output(folder, force)
    built = build_site(env.data_dir(), env.year(year), folder, force, documents=not no_documents)
    for note in built.notes:
        click.echo(f"Lưu ý: {note}", err=True)
    click.echo(f"Đã ghi trang tổng quan ({built.pages} trang, {built.files} tệp) vào thư mục {output}; "
               f"mở {os.path.join(output, 'index.html')} bằng trình duyệt.", err=True)


def main() -> None:
    """Entry point of the console script."""
    from thidua.console import run

    run(cli)
