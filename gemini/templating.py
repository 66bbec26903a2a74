"""The Jinja2 environment for every page (the admin keeps Django templates).

Pages extend `core/base.html`, which builds on govuk-frontend-jinja's page template, and call
the GOV.UK macros directly (`{% from "govuk_frontend_jinja/components/input/macro.html" import
govukInput %}`). Globals give templates what Django's template tags would: `url`, `static`,
the signed-in user's permissions (`can`), UK date formatting, and money rounded for reading
(`pounds_for_reading`: £5.1m, £450k; gemini.core.reading).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup

from gemini.core import access
from gemini.core import rating as rating_scale
from gemini.core.govuk_forms import error_summary, govuk_field, is_revealed, reveals_of
from gemini.core.reading import pounds_for_reading


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """Reverse a URL by name: `url('programme:workstream', slug)`."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def uk_date(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """Dates as UK readers write them: 06/02/2025 (and 14:05 when asked, in UK time)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def long_date(value: dt.date | None) -> str:
    """Dates in words, as committee reports print them: 6 February 2025."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B %Y')}"


def can(request: HttpRequest, permission: str) -> bool:
    """Whether the signed-in user holds a permission (for showing links and buttons only;
    every view checks again through the access layer)."""
    return access.has_permission(request.user, access.Permission(permission))


def rating_tag(rating: str | None) -> Markup:
    """A rating as a GOV.UK tag in its colour (core.rating); no rating reads "No status"."""
    if not rating:
        return Markup('<strong class="govuk-tag govuk-tag--grey">No status</strong>')
    css = rating_scale.TAG_CLASSES.get(rating, "govuk-tag--grey")
    return Markup('<strong class="govuk-tag {}">{}</strong>').format(css, rating)


def environment(**options: Any) -> Environment:
    loader = options.pop("loader", None)
    loaders = [
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")})
    ]
    if loader is not None:
        loaders.insert(0, loader)
    # The GOV.UK macros read optional parameters freely (`params.hint.text`), as Nunjucks allows.
    options["undefined"] = ChainableUndefined
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = Environment(loader=ChoiceLoader(loaders), **options)  # noqa: S701 (autoescape in settings)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "can": can,
            "get_messages": messages.get_messages,
            "govuk_field": govuk_field,
            "reveals_of": reveals_of,
            "is_revealed": is_revealed,
            "error_summary": error_summary,
            "service_name": settings.GEMINI_SERVICE_NAME,
            "rating_tag": rating_tag,
        }
    )
    env.filters.update(
        {"uk_date": uk_date, "long_date": long_date, "pounds_for_reading": pounds_for_reading}
    )
    return env
