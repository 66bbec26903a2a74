"""The data a committee report shows, as one JSON-safe snapshot read from the apps' registered
figures (gemini.core.reporting.registry; docs/reports.md, "Sections").

The snapshot is plain data (money as strings with pence, dates ISO), so an issued report keeps
exactly what it showed and the document builder needs no database. Each app's figures are
`None` when it holds no data: the report then says so plainly and still builds.

Part 1 and Part 2 are kept apart: everything under `"part2"` is exempt (records marked exempt,
labour-relations detail, redundancy cost estimates) and only the Part 2 appendix reads it. No
part holds a person's name, pay or date of birth: staff are counted, never listed.

Every figure is as it stood at the end of `as_at` (core.asat): nothing recorded after it is
read. The finance headline is read live (finance.figures.position takes no date yet):
`data["finance"]["changed_after_as_at"]` says when finance records changed after the day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gemini.core.models import Organisation
from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.programme.models import Meeting

SCHEMA = 1


def councils() -> dict[str, str]:
    return {
        o.code: f.council_name(o.name)
        for o in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("name")
    }


def take(meeting: Meeting, as_at: dt.date) -> dict[str, Any]:
    """Everything the report for `meeting` shows, as it stood at the end of `as_at` (the
    report's data-as-at date, or the day it is issued)."""
    scope = r.Scope(meeting.body.programme, meeting, as_at)
    data: dict[str, Any] = {"schema": SCHEMA, "as_at": as_at.isoformat(), "councils": councils()}
    for figures in r.figures(1):
        data[figures.key] = figures.read(scope)
    data["part2"] = {figures.key: figures.read(scope) for figures in r.figures(2)}
    return data
