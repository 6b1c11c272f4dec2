"""``clew check`` and ``clew screen``: checks at the console, for one agency."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from clew import i18n
from clew.cli.common import _, app, database, err, operator_for, out, record_progress
from clew.errors import ValidationError
from clew.screening.bulk import MAX_PER_TRAVELLER, PER_TRAVELLER, write_results
from clew.screening.checks import check as run_check
from clew.screening.files import screen_file
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper

__all__: list[str] = []

# The words of a result are the catalogue entries of the web's check page, translated once.


def _band(band: str) -> str:
    return {"hit": _("HIT"), "possible": _("Possible match")}.get(band, band)


def _category(category: str) -> str:
    words = {
        "wanted_for_arrest": _("Wanted for arrest"),
        "missing_person": _("Missing person"),
        "discreet_check": _("Discreet check"),
        "specific_check": _("Specific check"),
        "object_to_seize": _("Object to seize"),
        "for_information": _("For information"),
    }
    return words.get(category, category)


def _speak(language: str | None) -> str:
    """The command's language: its own ``--language``, else the one ``clew --language`` set."""
    if language is not None:
        if language not in i18n.LANGUAGES:
            raise ValidationError.field(
                "language", _("must be one of %(choices)s") % {"choices": ", ".join(i18n.LANGUAGES)}
            )
        i18n.set_language(language)
    return i18n.current()


@app.command()
def check(
    agency: Annotated[str, typer.Option(help="Code of the checking agency")],
    name: Annotated[list[str] | None, typer.Option(help="A name as written (repeatable)")] = None,
    dob: Annotated[
        str | None, typer.Option(help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD")
    ] = None,
    gender: Annotated[str | None, typer.Option(help="male or female")] = None,
    nationality: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2")] = None,
    document: Annotated[str | None, typer.Option(help="Travel document number")] = None,
    vin: Annotated[str | None, typer.Option(help="Vehicle identification number")] = None,
    plate: Annotated[str | None, typer.Option(help="Registration plate")] = None,
    serial: Annotated[str | None, typer.Option(help="Firearm serial number")] = None,
    place: Annotated[str | None, typer.Option(help="Where the check happens")] = None,
    language: Annotated[str | None, typer.Option(help="en, vi, lv or bg")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    explain_record: Annotated[
        int | None,
        typer.Option(
            help="Say why this record did or did not match the check (nothing is "
            "stored; the question is audited)",
            min=1,
        ),
    ] = None,
) -> None:
    """Check a person, document, vehicle or firearm against every watchlist."""
    language = _speak(language)
    if not (name or document or vin or plate or serial):
        raise ValidationError(_("give a person, a document, a vehicle or a firearm to check"))
    body: dict[str, object] = {"place": place}
    if name:
        body["person"] = {k: v for k, v in {"names": name, "date_of_birth": dob, "gender": gender,
                                             "nationality": nationality}.items() if v}  # fmt: skip
    if document:
        body["document"] = {"number": document}
    if vin or plate:
        body["vehicle"] = {k: v for k, v in {"vin": vin, "plate": plate}.items() if v}
    if serial:
        body["firearm"] = {"serial_number": serial}
    request = CheckRequest.model_validate(body)
    keeper = IndexKeeper()
    if explain_record is not None:
        _explain(request, keeper, agency, explain_record, language, as_json)
        return
    with database().transaction() as session:
        answer = run_check(
            session, operator_for(session, agency), keeper, request, language=language
        )
    if as_json:
        out.print_json(answer.model_dump_json())
        return
    if not answer.results:
        out.print(_("No hits"), style="bold green", highlight=False, markup=False)
        return
    from babel.numbers import format_decimal
    from rich.markup import escape

    for r in answer.results:
        colour = "red" if r.band == "hit" else "yellow"
        score = format_decimal(r.score, format="0.00", locale=language)
        head = f"{r.record_id} {r.label} ({r.owner}, {_category(r.category)}, {r.handling_code})"
        out.print(f"[bold {colour}]{escape(_band(r.band))}[/] {score}  #{escape(head)}",
                  highlight=False)  # fmt: skip
        action, why = _("Action to take"), _("Why it matched")
        out.print(f"  {action}: {r.action}", highlight=False, markup=False)
        out.print(f"  {why}: {r.text}", highlight=False, markup=False)


def _explain(request: CheckRequest, keeper: IndexKeeper, agency: str, record_id: int,
             language: str, as_json: bool) -> None:  # fmt: skip
    from clew.screening.misses import explain_record

    with database().transaction() as session:
        verdict = explain_record(session, operator_for(session, agency), keeper, request,
                                 record_id, language=language)  # fmt: skip
    if as_json:
        out.print_json(verdict.model_dump_json())
        return
    out.print(f"#{verdict.record_id} {verdict.label}", highlight=False, markup=False)
    out.print(verdict.reason_text, highlight=False, markup=False)
    if verdict.text:
        out.print(f"  {_('Why it matched') if verdict.reason == 'matched' else _('Explanation')}: "
                  f"{verdict.text}", highlight=False, markup=False)  # fmt: skip


#: ``clew screen --help``: what ``clew.screening.manifests`` reads, kept in step with it.
SCREEN_HELP = (
    "Screen a passenger manifest, with a progress bar; Ctrl-C cancels (nothing is kept).\n\n"
    "One traveller per CSV row after the header row, per JSON object (a list, or "
    '{"flight": "...", "passengers": [...]}), or per NAD+FL group of a UN/EDIFACT PAXLST.\n\n'
    "Columns read (CSV header in any order and case; JSON keys as written):\n"
    "  family_name, given_names  the name in parts (the family name known as such)\n"
    "  name                      the whole name (checked beside the parts)\n"
    "  date_of_birth             YYYY, YYYY-MM or YYYY-MM-DD\n"
    "  gender                    M or F (male, female); else left out\n"
    "  nationality               alpha-2, alpha-3 or a travel-document code\n"
    "  document_number, document_country\n"
    "  mrz                       the document's machine-readable zone\n\n"
    "  traveller_id              your own identifier (a booking or passenger reference):"
    " not screened, written back beside the traveller's results\n\n"
    "Other columns (CSV) and keys (JSON) are not screened and are written back as they came, "
    "after the result columns (up to 20; a header with more, with a column named twice or "
    "with no name column is refused and nothing is screened).\n\n"
    "Results file: one row per traveller and result (line, traveller_id, traveller, status, "
    "band, score, record_id, record, owner, category, action, handling_code, explanation, then "
    "your other columns), at most --results-per-traveller results each (5; every hit is "
    "stored for its owner whatever is kept)."
)


@app.command(help=SCREEN_HELP)
def screen(
    path: Annotated[Path, typer.Argument(help="Manifest: CSV, JSON or UN/EDIFACT PAXLST")],
    agency: Annotated[str, typer.Option(help="Code of the checking agency")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Results file (.csv or .json; '-': stdout)"),
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", help="csv, json or paxlst (default: detected)")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Flight or place (PAXLST: from TDT)")] = None,
    language: Annotated[
        str | None, typer.Option(help="Language of the explanations: en, vi, lv or bg")
    ] = None,
    results_per_traveller: Annotated[
        int, typer.Option(min=1, max=MAX_PER_TRAVELLER, help="Results kept per traveller")
    ] = PER_TRAVELLER,
    engine: Annotated[
        str, typer.Option(help="local (this machine's cores) or dask (a Dask cluster)")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="With --engine dask: the scheduler, tcp://host:8786 (default: a "
            "local cluster of two workers)"
        ),
    ] = None,
) -> None:
    """Screen a passenger manifest, with a progress bar; Ctrl-C cancels (nothing is kept)."""
    language = _speak(language)
    if not path.is_file():
        raise ValidationError.field("path", _("%(path)s is not a readable file") % {"path": path})
    if engine not in ("local", "dask"):
        raise ValidationError.field("engine", _("must be local or dask"))
    lines = max(1, path.read_bytes().count(b"\n"))
    keeper = IndexKeeper()
    cluster = None
    if engine == "dask":
        from clew.screening.cluster import Cluster, from_database

        cluster = Cluster(from_database(database().url), scheduler=scheduler)
    with database().transaction() as session:
        actor = operator_for(session, agency)
        described = _("screening %(name)s") % {"name": path.name}
        with record_progress(described, lines) as advance, path.open("rb") as source:
            report = screen_file(
                session, actor, keeper, source, filename=path.name, format_name=format,
                place=place, language=language, progress=advance, cluster=cluster,
                per_traveller=results_per_traveller,
            )  # fmt: skip
    for traveller in report.travellers:
        if traveller.errors:
            problems = "; ".join(f"{e.field}: {e.message}" for e in traveller.errors)
            line = _("line %(line)d: %(problems)s") % {"line": traveller.line, "problems": problems}
            err.print(line, highlight=False, markup=False)
    summary = _(
        "%(n)d travellers: %(hits)d hits, %(possible)d possible matches, %(clear)d clear, "
        "%(errors)d rows with errors."
    ) % {"n": len(report.travellers), "hits": report.count("hit"),
         "possible": report.count("possible"), "clear": report.count("clear"),
         "errors": report.count("error")}  # fmt: skip
    out.print(summary, highlight=False)
    if output is not None:
        fmt = "json" if output.suffix.lower() == ".json" else "csv"
        if str(output) == "-":
            write_results(report, fmt, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                write_results(report, fmt, stream)
            err.print(_("results written to %(path)s") % {"path": output}, highlight=False)
