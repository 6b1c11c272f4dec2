"""``clew serve|demo|synth|openapi|version``: running Clew itself."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated

import typer

from clew import __version__, logs
from clew.cli.common import _, app, database, out, record_progress
from clew.errors import ClewError
from clew.settings import Settings, get_settings

__all__: list[str] = []


@app.command()
def version() -> None:
    """Print the Clew version."""
    out.print(__version__)


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
            raise ClewError(_(
                "SQLite serves from one process: use PostgreSQL (CLEW_DATABASE_URL) for "
                "--workers above 1"
            ))  # fmt: skip
        db.dispose()
        # Each process builds the app from the environment (the same settings as here).
        os.environ.update({"CLEW_HOST": settings.host, "CLEW_PORT": str(settings.port)})
        from uvicorn.supervisors import Multiprocess

        from clew.server import workers_config

        config = workers_config(settings)
        Multiprocess(config, sockets=[config.bind_socket()]).run()
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
        seed_stories,
        world_is_loaded,
    )
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
        for name in seed_stories(session):
            out.print(f"analysis file: {name}")
    from rich.table import Table

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
    with db.transaction() as session, record_progress(_("generating"), total) as advance:
        seed_agencies(session)
        counts = load_world(
            session, seed=seed, persons=persons, documents=documents, vehicles=vehicles,
            firearms=firearms, progress=advance,
        )  # fmt: skip
    created = _("%(records)d records created for %(agencies)d agencies")
    out.print(created % {"records": sum(counts.values()), "agencies": len(counts)})


@app.command()
def openapi() -> None:
    """Print the OpenAPI document of the REST API."""
    from clew.server import create_app
    from clew.storage import Database

    schema = create_app(Settings(), Database("sqlite://")).openapi()
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
