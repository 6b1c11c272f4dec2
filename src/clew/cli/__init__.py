"""``clew``: the command line. A thin shell over the services, run by the server's operator.

Commands act as the local system operator (audited as ``system`` on the ``cli`` channel).
Every ``ClewError`` ends the command with one line on stderr and its exit code.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError as PydanticError
from rich.table import Table

from clew import __version__, logs
from clew.cli import access, intel, records, screening, traces, worker  # noqa: F401 - registers the commands
from clew.cli import exchange as exchange_commands  # noqa: F401 - registers the commands
from clew.cli import exchange_hooks as hook_commands  # noqa: F401 - registers the commands
from clew.cli import exchange_requests as request_commands  # noqa: F401 - registers the commands
from clew.cli import firearms as firearm_commands  # noqa: F401 - registers the commands
from clew.cli import liaison as liaison_commands  # noqa: F401 - registers the commands
from clew.cli import operation_simulate as simulate_command  # noqa: F401 - registers the command
from clew.cli import operations as operation_commands  # noqa: F401 - registers the commands
from clew.cli.common import app, database, err, out, record_progress
from clew.errors import ClewError
from clew.settings import Settings, get_settings
from clew.storage import Database
from clew.storage.failures import as_clew_error

__all__ = ["app", "main"]


@app.command()
def version() -> None:
    """Print the Clew version."""
    out.print(__version__)


def _print_version(value: bool) -> None:
    if value:
        out.print(__version__)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version,
                     is_eager=True),
    ] = False,
) -> None:  # fmt: skip
    """Clew: shared watchlists, screening and analysis for police and border agencies."""


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (CLEW_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (CLEW_PORT)")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, max=64, help="Server processes (CLEW_WORKERS); PostgreSQL only")] = None,
) -> None:  # fmt: skip
    """Serve the web UI and the API (several processes on PostgreSQL, one on SQLite)."""
    settings = get_settings()
    update = {k: v for k, v in (("host", host), ("port", port), ("workers", workers)) if v}
    _run(settings.model_copy(update=update))


def _run(settings: Settings) -> None:
    import uvicorn

    from clew.server import create_app

    logs.configure()
    db = database(settings)
    db.upgrade()
    if settings.workers > 1:
        if db.dialect == "sqlite":
            raise ClewError(
                "SQLite serves from one process: use PostgreSQL (CLEW_DATABASE_URL) for "
                "--workers above 1"
            )
        db.dispose()
        # Each process builds the app from the environment (the same settings as here).
        os.environ.update({"CLEW_HOST": settings.host, "CLEW_PORT": str(settings.port)})
        uvicorn.run(
            "clew.server:app_from_environment", factory=True, host=settings.host,
            port=settings.port, workers=settings.workers, log_level="warning", access_log=False,
        )  # fmt: skip
        return
    application = create_app(settings, db)
    # No access log: a query string may hold a searched name or a document number.
    uvicorn.run(
        application, host=settings.host, port=settings.port, log_level="warning", access_log=False
    )


@app.command()
def demo(
    serve_: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve after seeding")] = True,
) -> None:
    """Create the demo world (users of every role, 85,000 records), print sign-ins, serve it."""
    from clew.demo import (
        DEMO_PASSWORD,
        WORLD,
        load_world,
        seed,
        seed_files,
        seed_trafficking,
        world_is_loaded,
    )
    from clew.exchange.demo import seed_exchange
    from clew.liaison.demo import seed_liaison
    from clew.operations.demo import seed_operations
    from clew.synth.trafficking import CASE_USER

    settings = get_settings().model_copy(update={"demo": True})
    settings.check_for_server()
    db = database(settings)
    db.upgrade()
    with db.transaction() as session:
        people = seed(session)
        if not world_is_loaded(session):
            with record_progress(
                "loading the synthetic watchlists", sum(WORLD.values())
            ) as advance:
                load_world(session, progress=advance)
        for name in seed_files(session):
            out.print(f"analysis file: {name}")
        seed_trafficking(session)
        seed_exchange(session)
        seed_liaison(session)
        seed_operations(session)
    table = Table(title="Demo sign-ins (every account uses the same password)")
    for column in ("user name", "role", "agency", "second factor"):
        table.add_column(column)
    for person in people:
        factor = "code shown at sign-in" if person.second_factor else "-"
        table.add_row(person.username, person.role.value, person.agency_code, factor)
    out.print(table)
    out.print(f"Password: [bold]{DEMO_PASSWORD}[/bold]")
    out.print(
        "Firearms trafficking case (a batch of Glock 17 pistols recovered in BG, RS and RO): "
        f"sign in as [bold]{CASE_USER}[/bold] and open Traces, then the routes map"
    )
    out.print(
        "Liaison exchange: sign in as [bold]liaison.vn[/bold] (an urgent request to Cambodia, "
        "answered with a passport on a watchlist) or [bold]liaison.es[/bold] (an overdue answer)"
    )
    out.print(
        "Joint operation running now: sign in as [bold]coordinator[/bold], open Operations, "
        "then the live dashboard of Operation Iron Gate"
    )
    out.print(f"Clew is at [bold]http://{settings.host}:{settings.port}/[/bold]  (Ctrl-C stops it)")
    if serve_:
        _run(settings)


@app.command()
def synth(
    persons: Annotated[int, typer.Option(min=0, help="Persons to generate")] = 0,
    documents: Annotated[int, typer.Option(min=0, help="Travel documents")] = 0,
    vehicles: Annotated[int, typer.Option(min=0, help="Vehicles")] = 0,
    firearms: Annotated[int, typer.Option(min=0, help="Firearms")] = 0,
    seed: Annotated[int, typer.Option(help="Same seed, same world")] = 2026,
) -> None:
    """Add a synthetic world (deterministic by seed) to the database, e.g. for benchmarks."""
    from clew.demo import load_world, seed_agencies

    total = persons + documents + vehicles + firearms
    db = database()
    db.upgrade()
    with db.transaction() as session, record_progress("generating", total) as advance:
        seed_agencies(session)
        counts = load_world(
            session, seed=seed, persons=persons, documents=documents, vehicles=vehicles,
            firearms=firearms, progress=advance,
        )  # fmt: skip
    out.print(f"{sum(counts.values())} records created for {len(counts)} agencies")


@app.command()
def openapi() -> None:
    """Print the OpenAPI document of the REST API."""
    from clew.server import create_app

    schema = create_app(Settings(), Database("sqlite://")).openapi()
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")


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
    except PydanticError as exc:
        _fail(_problems(exc), 2)
    except typer.TyperException as exc:  # Click's usage errors: usage line plus the message
        show = getattr(exc, "show", None)
        if callable(show):
            show()
            raise SystemExit(exc.exit_code) from None
        _fail(exc.message, exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        raise SystemExit(130) from None
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("CLEW_DEBUG") == "1":
            raise
        translated = as_clew_error(exc)
        if translated is not None:
            _fail(translated.detail, translated.exit_code)
        _fail(f"unexpected failure ({type(exc).__name__}); set CLEW_DEBUG=1 to see the details", 1)


def _fail(message: str, exit_code: int) -> NoReturn:
    err.print(f"error: {message}", highlight=False, markup=False)
    raise SystemExit(exit_code) from None
