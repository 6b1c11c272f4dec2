"""``clew``: the command line. A thin shell over the services, run by the server's operator.

Commands act as the local system operator (audited as ``system`` on the ``cli`` channel).
Every ``ClewError`` ends the command with one line on stderr and its exit code.

The command modules (``MODULES``) load only when one of their commands runs: ``clew --help``
reads the tree from ``commands.json`` (``clew.cli.lazy``), so it answers without importing
SQLAlchemy, igraph or WeasyPrint. ``--language`` (or ``CLEW_LANGUAGE``) chooses the language of
every message, through the same Babel catalogues as the web.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from clew import __version__
from clew.cli.common import _, app, err, out
from clew.errors import ClewError

if TYPE_CHECKING:
    from pydantic import ValidationError as PydanticError

__all__ = ["MODULES", "app", "main"]

#: Every module that registers commands, in the order the help lists them.
MODULES = (
    "clew.cli.screening",
    "clew.cli.worker",
    "clew.cli.running",
    "clew.cli.access",
    "clew.cli.records",
    "clew.cli.intel",
    "clew.cli.traces",
    "clew.cli.exchange",
    "clew.cli.exchange_hooks",
    "clew.cli.exchange_requests",
    "clew.cli.firearms",
    "clew.cli.liaison",
    "clew.cli.operations",
    "clew.cli.operation_simulate",
)


def _print_version(value: bool) -> None:
    if value:
        out.print(__version__)
        raise typer.Exit()


def _set_language(value: str | None) -> str | None:
    if value:
        from clew import i18n

        if value not in i18n.LANGUAGES:
            raise typer.BadParameter(f"{value!r}: one of {', '.join(i18n.LANGUAGES)}")
        i18n.set_language(value)
    return value


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version,
                     is_eager=True),
    ] = False,
    language: Annotated[
        str | None,
        typer.Option("--language", envvar="CLEW_LANGUAGE", callback=_set_language, is_eager=True,
                     help="Language of the messages: en, vi, lv or bg."),
    ] = None,
) -> None:  # fmt: skip
    """Clew: shared watchlists, screening and analysis for police and border agencies."""


def _problems(exc: PydanticError) -> str:
    """``field: message; ...`` for a pydantic error; a model-level error has no field."""
    parts = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e["loc"])
        message = e["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def main() -> None:
    """Run the command line; the one place a failure becomes one line on stderr and an exit code.

    - ``ClewError``: its message, its ``exit_code``. A database that is down, read-only or
      locked reads as the same ``ClewError`` the API gives (``storage.failures``).
    - Invalid input (pydantic): ``field: message`` per problem, exit 2.
    - A usage error (unknown command or option): the usage line and a suggestion, exit 2.
    - Anything unexpected: the kind of failure only, exit 1; never a traceback, which can quote
      searched names and document numbers. ``CLEW_DEBUG=1`` shows the traceback.
    """
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            raise SystemExit(code)
    except ClewError as exc:
        _fail(exc.detail, exc.exit_code)
    except typer.TyperException as exc:  # Click's usage errors: usage line plus the message
        show = getattr(exc, "show", None)
        if callable(show):
            show()
            raise SystemExit(exc.exit_code) from None
        _fail(exc.message, exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print(_("aborted"))
        raise SystemExit(130) from None
    except SystemExit:
        raise
    except Exception as exc:
        pydantic = sys.modules.get("pydantic")  # loaded by whatever raised its error
        if pydantic is not None and isinstance(exc, pydantic.ValidationError):
            _fail(_problems(exc), 2)
        if os.environ.get("CLEW_DEBUG") == "1":
            raise
        from clew.storage.failures import as_clew_error

        translated = as_clew_error(exc)
        if translated is not None:
            _fail(translated.detail, translated.exit_code)
        _fail(
            _("unexpected failure (%(kind)s); set CLEW_DEBUG=1 to see the details")
            % {"kind": type(exc).__name__},
            1,
        )


def _fail(message: str, exit_code: int) -> NoReturn:
    err.print(_("error: %(message)s") % {"message": message}, highlight=False, markup=False)
    raise SystemExit(exit_code) from None
