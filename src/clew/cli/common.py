"""What every command group shares: the Typer apps, consoles, database and acting identity."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from clew.cli.lazy import LazyGroup
from clew.errors import ValidationError

if TYPE_CHECKING:  # loaded by the commands that use them, not by ``clew --help``
    from sqlalchemy.orm import Session

    from clew.access.actor import Actor
    from clew.settings import Settings
    from clew.storage import Database

__all__ = [
    "_",
    "agencies_app",
    "alerts_app",
    "app",
    "audit_app",
    "database",
    "db_app",
    "err",
    "ngettext",
    "operator_for",
    "out",
    "print_rows",
    "read_json",
    "record_progress",
    "records_app",
    "system",
    "tokens_app",
    "users_app",
]

app = typer.Typer(
    cls=LazyGroup,  # subcommands load when they run: ``clew --help`` stays fast
    help="Clew: shared watchlists, screening and analysis for police and border agencies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
agencies_app = typer.Typer(help="Manage member agencies.", no_args_is_help=True)
users_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="Read, export and verify the audit log.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
records_app = typer.Typer(help="Watchlist records: list, import, export.", no_args_is_help=True)
alerts_app = typer.Typer(help="Alerts: reviews and expiry.", no_args_is_help=True)
for sub, name in ((agencies_app, "agencies"), (users_app, "users"), (tokens_app, "tokens"),
                  (audit_app, "audit"), (db_app, "db"), (records_app, "records"),
                  (alerts_app, "alerts")):  # fmt: skip
    app.add_typer(sub, name=name)

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _(message: str) -> str:
    """``message`` in the language of the command (``--language``), from the Babel catalogues."""
    from clew.i18n import gettext

    return gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message in the command's language, by the language's rules."""
    from clew import i18n

    return i18n.ngettext(singular, plural, n)


def database(settings: Settings | None = None) -> Database:
    from clew.settings import get_settings
    from clew.storage import Database

    return Database((settings or get_settings()).database_url)


def system() -> Actor:
    """The operator at the server's console, platform-wide."""
    from clew.access.actor import Actor

    return Actor.system()


def operator_for(session: Session, agency_code: str) -> Actor:
    """The operator acting for one agency: what it writes, that agency owns."""
    from clew.access.actor import Actor
    from clew.access.agencies import get_agency_by_code

    agency = get_agency_by_code(session, agency_code)
    return Actor.operator_for(
        agency_id=agency.id, agency_code=agency.code, country=agency.country,
        international=agency.is_international,
    )  # fmt: skip


@contextmanager
def record_progress(description: str, total: int) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr; yields ``advance(done)``."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TaskProgressColumn(), TimeElapsedColumn(), console=err,
    ) as progress:  # fmt: skip
        task = progress.add_task(description, total=total)
        yield lambda done: progress.update(task, completed=done)


def print_rows(rows: list[dict[str, object]], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        out.print_json(json.dumps(rows, default=str, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table()
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    out.print(table)


def read_json(path: Path) -> Any:
    """The JSON in a file named on the command line, or one line saying what is wrong."""
    if not path.is_file():
        raise ValidationError.field("path", _("%(path)s is not a readable file") % {"path": path})
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError.field(
            "path", _("%(name)s is not JSON (%(error)s)") % {"name": path.name, "error": exc}
        ) from None
