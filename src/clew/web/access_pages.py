"""Dashboard, agencies, users and the user's own API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError as PydanticValidationError

from clew import i18n
from clew.access import agencies, tokens, users
from clew.access.actor import Actor
from clew.access.roles import OrganisationType, Permission, Role, Scope, role_scopes
from clew.access.schemas import AgencyCreate, AgencyUpdate, TokenCreate, UserCreate, UserUpdate
from clew.api.deps import Id
from clew.errors import ClewError, FieldError
from clew.exchange import inbox
from clew.records import alerts
from clew.screening import hits
from clew.web.deps import FormDep, PageDep
from clew.web.labels import error_text, field_errors
from clew.web.render import redirect, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Text = Annotated[str | None, Query(max_length=200)]


def _errors(exc: ClewError | PydanticValidationError) -> tuple[str, dict[str, str]]:
    if isinstance(exc, PydanticValidationError):
        fields = [
            FieldError(
                ".".join(str(p) for p in e["loc"]) or "form",
                str(e["msg"]).removeprefix("Value error, "),
            )
            for e in exc.errors()
        ]
        return i18n.gettext("Please correct the marked fields."), field_errors(fields)
    return error_text(exc), field_errors(exc.fields)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, page: PageDep) -> HTMLResponse:
    actor = page.actor
    _, agency_count = agencies.list_agencies(page.session, actor, limit=1, offset=0)
    context: dict[str, Any] = {"agency_count": agency_count, "can": actor.can}
    if actor.can(Permission.READ_EXCHANGE):
        context["exchange"] = inbox.counts(page.session, actor)
    if actor.can(Permission.READ_RECORDS) and actor.agency_id is not None:
        context["pending_hits"] = hits.pending_count(page.session, actor)
    if actor.can(Permission.WRITE_RECORDS):
        context["reviews_due"] = alerts.reviews_due(page.session, actor)
    return render(request, "dashboard.html", context)


# --- agencies ---------------------------------------------------------------------------------


def _agency_form(form: dict[str, str]) -> dict[str, Any]:
    return {k: form.get(k, "") for k in ("code", "name", "country", "kind")}


@router.get("/agencies", response_class=HTMLResponse)
def agency_list(
    request: Request, page: PageDep, offset: Offset = 0, country: Text = None
) -> HTMLResponse:
    rows, total = agencies.list_agencies(
        page.session, page.actor, limit=PAGE_SIZE, offset=offset, country=country
    )
    return render(request, "agencies.html", _agency_context(page, rows, total, offset))


def _agency_context(page: Any, rows: Any, total: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {
        "agencies": rows, "total": total, "offset": offset, "page_size": PAGE_SIZE,
        "kinds": list(OrganisationType), "may_manage": page.actor.can(Permission.MANAGE_AGENCIES)
        and page.actor.platform_wide, "form": {}, "errors": {},
    } | extra  # fmt: skip


@router.post("/agencies", response_model=None)
def agency_create(
    request: Request, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    try:
        data = AgencyCreate.model_validate(_agency_form(form))
        agencies.create_agency(page.session, page.actor, data)
    except (ClewError, PydanticValidationError) as exc:
        page.session.rollback()
        error, errors = _errors(exc)
        rows, total = agencies.list_agencies(page.session, page.actor, limit=PAGE_SIZE, offset=0)
        context = _agency_context(page, rows, total, 0, form=form, errors=errors, error=error)
        return render(request, "agencies.html", context, status=422)
    return redirect("/agencies?done=agency_created")


@router.post("/agencies/{agency_id}", response_model=None)
def agency_update(
    request: Request, agency_id: Id, page: PageDep, form: FormDep
) -> RedirectResponse:
    data = AgencyUpdate(active=form.get("active") == "on")
    agencies.update_agency(page.session, page.actor, agency_id, data)
    return redirect("/agencies?done=agency_updated")


# --- users ------------------------------------------------------------------------------------


@router.get("/users", response_class=HTMLResponse)
def user_list(request: Request, page: PageDep, offset: Offset = 0, q: Text = None) -> HTMLResponse:
    rows, total = users.list_users(page.session, page.actor, limit=PAGE_SIZE, offset=offset, text=q)
    template = "_user_rows.html" if request.headers.get("hx-request") else "users.html"
    context = {"users": rows, "total": total, "offset": offset, "q": q or "",
               "page_size": PAGE_SIZE}  # fmt: skip
    return render(request, template, context)


def _user_form_context(page: Any, **extra: Any) -> dict[str, Any]:
    reach = (
        agencies.list_agencies(page.session, page.actor, limit=200, offset=0)[0]
        if page.actor.platform_wide
        else [page.user.agency]
    )
    # What Clew adds to a new username (users.qualified_username), for the form's hint.
    suffix = "" if page.actor.platform_wide else f"@{page.user.agency.code.lower()}"
    return {"roles": list(Role), "agencies": reach, "form": {}, "errors": {},
            "languages": i18n.LANGUAGES, "username_suffix": suffix} | extra  # fmt: skip


@router.get("/users/new", response_class=HTMLResponse)
def user_new(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.MANAGE_USERS)
    return render(request, "user_form.html", _user_form_context(page, edit=None))


@router.post("/users", response_model=None)
def user_create(request: Request, page: PageDep, form: FormDep) -> HTMLResponse | RedirectResponse:
    fields = ("username", "full_name", "agency_code", "role", "password", "locale")
    raw: dict[str, Any] = {k: form.get(k, "") for k in fields}
    raw["email"] = form.get("email") or None
    raw["totp_required"] = form.get("totp_required") == "on"
    try:
        user = users.create_user(page.session, page.actor, UserCreate.model_validate(raw))
    except (ClewError, PydanticValidationError) as exc:
        page.session.rollback()
        error, errors = _errors(exc)
        form = {k: v for k, v in form.items() if k != "password"}
        context = _user_form_context(page, edit=None, form=form, errors=errors, error=error)
        return render(request, "user_form.html", context, status=422)
    return redirect(f"/users/{user.id}?done=user_created")


@router.get("/users/{user_id}", response_class=HTMLResponse)
def user_edit(request: Request, user_id: Id, page: PageDep) -> HTMLResponse:
    user = users.get_user(page.session, page.actor, user_id)
    return render(request, "user_form.html", _user_form_context(page, edit=user))


@router.post("/users/{user_id}", response_model=None)
def user_update(
    request: Request, user_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    raw: dict[str, Any] = {
        "full_name": form.get("full_name", ""),
        "email": form.get("email") or None,
        "role": form.get("role", ""),
        "locale": form.get("locale", "en"),
        "active": form.get("active") == "on",
        "totp_required": form.get("totp_required") == "on",
    }
    if form.get("password"):
        raw["password"] = form["password"]
    try:
        users.update_user(page.session, page.actor, user_id, UserUpdate.model_validate(raw))
    except (ClewError, PydanticValidationError) as exc:
        page.session.rollback()
        error, errors = _errors(exc)
        user = users.get_user(page.session, page.actor, user_id)
        context = _user_form_context(page, edit=user, errors=errors, error=error)
        return render(request, "user_form.html", context, status=422)
    return redirect(f"/users/{user_id}?done=user_updated")


# --- tokens -----------------------------------------------------------------------------------


def _offered(actor: Actor) -> list[Scope]:
    """The scopes the token form offers: those the user's role may give."""
    return [s for s in Scope if s in role_scopes(actor.role)]


@router.get("/tokens", response_class=HTMLResponse)
def token_list(request: Request, page: PageDep) -> HTMLResponse:
    rows = tokens.list_tokens(page.session, page.actor)
    context = {"tokens": rows, "scopes": _offered(page.actor), "errors": {}}
    return render(request, "tokens.html", context)


@router.post("/tokens", response_model=None)
def token_create(request: Request, page: PageDep, form: FormDep) -> HTMLResponse:
    raw = {
        "name": form.get("name", ""),
        "scopes": [s.value for s in Scope if form.get(f"scope_{s.value}") == "on"],
        "expires_in_days": form.get("expires_in_days", "90") or "90",
    }
    secret = None
    context: dict[str, Any] = {"scopes": _offered(page.actor), "errors": {}}
    status = 200
    try:
        _, secret = tokens.create_token(page.session, page.actor, TokenCreate.model_validate(raw))
    except (ClewError, PydanticValidationError) as exc:
        page.session.rollback()
        context["error"], context["errors"] = _errors(exc)
        status = 422
    context |= {"tokens": tokens.list_tokens(page.session, page.actor), "secret": secret}
    return render(request, "tokens.html", context, status=status)


@router.post("/tokens/{token_id}/revoke")
def token_revoke(request: Request, token_id: Id, page: PageDep, form: FormDep) -> RedirectResponse:
    tokens.revoke_token(page.session, page.actor, token_id)
    return redirect("/tokens?done=token_revoked")
