"""Error pages for browsers: a translated headline, never a stack trace."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from clew.i18n import gettext as _
from clew.web.labels import field_label
from clew.web.problems import validation_text
from clew.web.render import render, use_language

__all__ = ["error_page"]


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    headings = {
        404: _("Not found."),
        403: _("You are not allowed to do this."),
        422: _("Please correct the marked fields."),
        429: _("Too many failed attempts. Try again later."),
        413: _("The upload is too large."),
        503: _("Clew is busy with a large change; try again in a moment."),
    }
    by_code = {
        "unavailable": _("Clew cannot use its database right now; try again in a moment."),
        "starting": _(
            "Clew is starting: the screening index is being built. Checks can run "
            "in a moment; try again shortly."
        ),
    }
    use_language(request)
    heading = by_code.get(code) or headings.get(status, _("Something went wrong."))
    problems: list[tuple[str, str]] = []
    if code == "bad_address":  # a page's address or form with a value Clew cannot use
        heading = _("The address holds a value Clew cannot use.")
        for error in getattr(request.state, "validation_errors", [])[:5]:
            name = str(tuple(error.get("loc", ()))[-1]) if error.get("loc") else ""
            problems.append((field_label(name) if name else "", validation_text(error)))
    return render(request, "error.html", {"heading": heading, "problems": problems},
                  status=status)  # fmt: skip
