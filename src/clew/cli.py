"""``clew``: the command line. A thin shell over the services, run by the server's operator.

Commands act as the local system operator (audited as ``system`` on the ``cli`` channel).
Every ``ClewError`` ends the command with one line on stderr and its exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from clew import __version__, logs
from clew.access import agencies, audit, tokens, users
from clew.access.actor import Actor, Channel
from clew.access.login import actor_for
from clew.access.roles import OrganisationType, Role, Scope
from clew.access.schemas import AgencyCreate, TokenCreate, UserCreate, UserUpdate
from clew.errors import ClewError, NotFoundError
from clew.settings import Settings, get_settings
from clew.storage import Database

__all__ = ["app", "main"]

app = typer.Typer(
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
for sub, name in ((agencies_app, "agencies"), (users_app, "users"), (tokens_app, "tokens"),
                  (audit_app, "audit"), (db_app, "db")):  # fmt: skip
    app.add_typer(sub, name=name)

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _database(settings: Settings | None = None) -> Database:
    return Database((settings or get_settings()).database_url)


def _system() -> Actor:
    return Actor.system()


@app.command()
def version() -> None:
    """Print the Clew version."""
    out.print(__version__)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the latest version."""
    _database().upgrade()
    out.print("database is up to date")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (CLEW_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (CLEW_PORT)")] = None,
) -> None:
    """Serve the web UI and the API."""
    settings = get_settings()
    _run(settings.model_copy(update={k: v for k, v in (("host", host), ("port", port)) if v}))


def _run(settings: Settings) -> None:
    import uvicorn

    from clew.server import create_app

    logs.configure()
    database = _database(settings)
    database.upgrade()
    application = create_app(settings, database)
    # No access log: a query string may hold a searched name or a document number.
    uvicorn.run(
        application, host=settings.host, port=settings.port, log_level="warning", access_log=False
    )


@app.command()
def demo(
    serve_: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve after seeding")] = True,
) -> None:
    """Create the demo world (agencies, a user of every role), print the sign-ins and serve it."""
    from clew.demo import DEMO_PASSWORD, seed

    settings = get_settings().model_copy(update={"demo": True})
    settings.check_for_server()
    database = _database(settings)
    database.upgrade()
    with database.transaction() as session:
        people = seed(session)
    table = Table(title="Demo sign-ins (every account uses the same password)")
    for column in ("user name", "role", "agency", "second factor"):
        table.add_column(column)
    for person in people:
        factor = "code shown at sign-in" if person.second_factor else "-"
        table.add_row(person.username, person.role.value, person.agency_code, factor)
    out.print(table)
    out.print(f"Password: [bold]{DEMO_PASSWORD}[/bold]")
    out.print(f"Clew is at [bold]http://{settings.host}:{settings.port}/[/bold]  (Ctrl-C stops it)")
    if serve_:
        _run(settings)


@agencies_app.command("add")
def agencies_add(
    code: Annotated[str, typer.Argument(help="Short unique code, e.g. BG-NCB")],
    name: Annotated[str, typer.Option(help="Full name")],
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 country code (XX: international)")],
    kind: Annotated[OrganisationType, typer.Option(help="Organisation type")],
) -> None:
    """Add an agency."""
    with _database().transaction() as session:
        agency = agencies.create_agency(
            session, _system(), AgencyCreate(code=code, name=name, country=country, kind=kind)
        )
        out.print(f"agency {agency.code} created (id {agency.id})")


@agencies_app.command("list")
def agencies_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List agencies."""
    with _database().transaction() as session:
        rows, _ = agencies.list_agencies(session, _system(), limit=10_000, offset=0)
        data = [{"id": a.id, "code": a.code, "name": a.name, "country": a.country,
                 "kind": a.kind, "active": a.active} for a in rows]  # fmt: skip
    _print_rows(data, as_json, ("code", "name", "country", "kind", "active"))


def _print_rows(rows: list[dict[str, object]], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table()
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    out.print(table)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Sign-in name: 3-64 of a-z 0-9 . _ -")],
    agency: Annotated[str, typer.Option(help="Agency code")],
    role: Annotated[Role, typer.Option(help="Role")],
    name: Annotated[str, typer.Option(help="Full name")],
    email: Annotated[str | None, typer.Option(help="E-mail address")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin")
    ] = False,
    second_factor: Annotated[
        bool, typer.Option("--second-factor", help="Require TOTP (always for admins/auditors)")
    ] = False,
) -> None:
    """Add a user. The password is prompted for (or read from stdin)."""
    password = _password(password_stdin)
    data = UserCreate(
        username=username, full_name=name, agency_code=agency, role=role, password=password,
        email=email, totp_required=second_factor,
    )  # fmt: skip
    with _database().transaction() as session:
        user = users.create_user(session, _system(), data)
        out.print(f"user {user.username} created (id {user.id}, {user.role}, {agency.upper()})")


@users_app.command("list")
def users_list(
    agency: Annotated[str | None, typer.Option(help="Only this agency")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List users."""
    with _database().transaction() as session:
        rows, _ = users.list_users(session, _system(), limit=10_000, offset=0, agency_code=agency)
        data = [users.public(u).model_dump(mode="json") for u in rows]
    _print_rows(data, as_json, ("username", "full_name", "agency_code", "role", "active"))


def _user_id(username: str) -> int:
    with _database().transaction() as session:
        rows, _ = users.list_users(session, _system(), limit=200, offset=0, text=username)
        for user in rows:
            if user.username == username.strip().lower():
                return user.id
    raise NotFoundError(f"No user {username.strip().lower()[:64]}.")


@users_app.command("set-password")
def users_set_password(
    username: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Set a user's password (ends their open sessions)."""
    password = _password(password_stdin)
    user_id = _user_id(username)
    with _database().transaction() as session:
        users.update_user(session, _system(), user_id, UserUpdate(password=password))
    out.print(f"password of {username} changed")


@users_app.command("disable")
def users_disable(username: str) -> None:
    """Deactivate a user (ends their sessions; tokens stop working)."""
    user_id = _user_id(username)
    with _database().transaction() as session:
        users.update_user(session, _system(), user_id, UserUpdate(active=False))
    out.print(f"user {username} deactivated")


@tokens_app.command("create")
def tokens_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as")],
    name: Annotated[str, typer.Option(help="What the token is for")],
    scope: Annotated[list[Scope], typer.Option(help="Scope (repeat for several)")],
    days: Annotated[int, typer.Option(help="Days until it expires (1-365)")] = 90,
) -> None:
    """Create an API token for a user (printed once; only its hash is kept)."""
    user_id = _user_id(username)
    with _database().transaction() as session:
        from clew.access.models import User

        user = session.get(User, user_id)
        assert user is not None
        actor = actor_for(user, Channel.CLI)
        _, secret = tokens.create_token(
            session, actor, TokenCreate(name=name, scopes=scope, expires_in_days=days)
        )
    out.print(secret, highlight=False)


@audit_app.command("verify")
def audit_verify() -> None:
    """Prove the audit log intact, or name the first entry altered, removed or reordered."""
    with _database().transaction() as session:
        result = audit.verify(session, _system())
    if result.ok:
        out.print(result.message, highlight=False)
        return
    err.print(result.message, highlight=False)
    raise typer.Exit(code=9)


@audit_app.command("export")
def audit_export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write ('-': stdout)")],
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
    username: Annotated[str | None, typer.Option(help="Only this user")] = None,
    agency: Annotated[str | None, typer.Option(help="Only this agency code")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. user.create")] = None,
) -> None:
    """Export the audit log (the export itself is audited)."""
    if fmt not in ("csv", "jsonl"):
        raise ClewError("--format must be csv or jsonl")
    flt = audit.AuditFilter(username=username, agency_code=agency, action=action)
    with _database().transaction() as session:
        if fmt == "csv":
            body = audit.export_csv(session, _system(), flt)
        else:
            body = "".join(audit.export_jsonl(session, _system(), flt))
    if str(output) == "-":
        sys.stdout.write(body)
    else:
        output.write_text(body, encoding="utf-8")
        out.print(f"wrote {output}")


@app.command()
def openapi() -> None:
    """Print the OpenAPI document of the REST API."""
    from clew.server import create_app

    schema = create_app(Settings(), Database("sqlite://")).openapi()
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            raise SystemExit(code)
    except ClewError as exc:
        err.print(f"error: {exc.detail}", highlight=False)
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        err.print("aborted")
        raise SystemExit(1) from None
    except SystemExit:
        raise
    except Exception as exc:  # a pydantic validation error of CLI input, mostly
        from pydantic import ValidationError as PydanticError

        if isinstance(exc, PydanticError):
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            err.print(f"error: {problems}", highlight=False)
            raise SystemExit(2) from None
        raise
