"""Fatal errors of a run: click prints them and exits with their code."""

from __future__ import annotations

import click


class ThiduaError(click.ClickException):
    """A failure of the run (not a problem in the data), shown in Vietnamese."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # noqa: D401 - click API
        from thidua.problems import shown  # a file name or a value in the message never drives the terminal

        click.echo(f"Lỗi: {shown(self.format_message(), lines=True)}", err=True)


class DataError(ThiduaError):
    """The data has problems that stop the command; run `thidua validate`."""


class UsageError(ThiduaError):
    """A wrong option or argument."""

    exit_code = 2
