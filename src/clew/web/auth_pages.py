"""Signing in and out, the second factor, and the language switch."""

from __future__ import annotations

from typing import Annotated

import pyotp
import segno
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from clew import i18n
from clew.access import login
from clew.access.models import User, WebSession
from clew.errors import ValidationError
from clew.settings import Settings
from clew.web.deps import FormDep, SessionDep
from clew.web.render import (
    clear_session_cookie,
    redirect,
    render,
    safe_next,
    session_token,
    set_language_cookie,
    set_session_cookie,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Next = Annotated[str | None, Query(max_length=500)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Next = None) -> HTMLResponse:
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login", response_model=None)
def login_submit(
    request: Request, session: SessionDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    target = safe_next(form.get("next"))
    username = form.get("username", "")[:200]
    result = login.check_password(session, _settings(request), username, form.get("password", ""))
    if result.error is not None or result.user is None:
        # Returned, not raised: the unit of work commits the failure count and audit entry.
        message = (
            i18n.gettext("Too many failed attempts. Try again later.")
            if result.error is not None and result.error.status == 429
            else i18n.gettext("Invalid username or password.")
        )
        context = {"next": target, "username": username, "error": message}
        status = result.error.status if result.error else 401
        return render(request, "login.html", context, status=status)
    destination = "/login/second-factor" + (f"?next={target}" if target != "/" else "")
    response = redirect(destination if result.needs_second_factor else target)
    set_session_cookie(request, response, result.session_token)
    return response


def _pending(request: Request, session: SessionDep) -> tuple[User, WebSession] | None:
    resolved = login.resolve_session(session, session_token(request))
    if resolved is None or resolved[1].second_factor_done:
        return None
    return resolved


def _second_factor_page(
    request: Request, user: User, next_url: str, error: str | None = None
) -> HTMLResponse:
    context: dict[str, object] = {
        "next": next_url,
        "error": error,
        "enrol": not user.totp_confirmed,
    }
    if not user.totp_confirmed:
        secret = login.start_enrolment(user)
        uri = login.totp_uri(user)
        context |= {"secret": secret, "qr": segno.make(uri, error="m").svg_inline(scale=4)}
    elif _settings(request).demo and user.demo and user.totp_secret:
        # Demo only: the seeded demo accounts show their current code so a newcomer gets in.
        context["demo_code"] = pyotp.TOTP(user.totp_secret).now()
    return render(request, "second_factor.html", context, status=422 if error else 200)


@router.get("/login/second-factor", response_model=None)
def second_factor_form(
    request: Request, session: SessionDep, next: Next = None
) -> HTMLResponse | RedirectResponse:
    pending = _pending(request, session)
    if pending is None:
        return redirect("/login")
    return _second_factor_page(request, pending[0], safe_next(next))


@router.post("/login/second-factor", response_model=None)
def second_factor_submit(
    request: Request, session: SessionDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    pending = _pending(request, session)
    if pending is None:
        return redirect("/login")
    user, web_session = pending
    target = safe_next(form.get("next"))
    code = form.get("code", "")[:20]
    if not user.totp_confirmed:
        try:
            login.confirm_enrolment(session, web_session, code)
        except ValidationError:
            return _second_factor_page(
                request, user, target, i18n.gettext("That code is not right. Try the current one.")
            )
        return redirect(target)
    error = login.verify_second_factor(session, _settings(request), web_session, code)
    if error is not None:
        message = (
            i18n.gettext("Too many failed attempts. Try again later.")
            if error.status == 429
            else i18n.gettext("That code is not right. Try the current one.")
        )
        return _second_factor_page(request, user, target, message)
    return redirect(target)


@router.post("/logout")
def logout(request: Request, session: SessionDep, form: FormDep) -> RedirectResponse:
    login.end_session(session, session_token(request))
    response = redirect("/login")
    clear_session_cookie(request, response)
    return response


@router.post("/language")
def switch_language(request: Request, session: SessionDep, form: FormDep) -> RedirectResponse:
    language = i18n.negotiate(form.get("language"))
    resolved = login.resolve_session(session, session_token(request))
    if resolved is not None:
        resolved[0].locale = language  # remembered for this user on every device
    response = redirect(safe_next(form.get("next")))
    set_language_cookie(request, response, language)
    return response
