"""The programme API, at /api/v1/programme/ (docs/programme.md, "API").

Reads go through the same access layer as the pages (gemini/programme/access.py): everyone who
may view the programme reads it, and Confidential records (risks, issues, decisions, papers)
pass through `access.visible`, so an exempt (Part 2) one never reaches a member or union
representative — nor does an agenda item that takes an exempt paper, or the reference of an
exempt risk an issue came from.

Writes (status updates, risks and their actions, issues, benefit measurements) check the
permission before the request body is read (a member gets 403 whatever they send), then the
workstream rule: a workstream lead writes only in the workstreams they lead. Updates carry the
`version` read; a stale one gets 409 with the current version and writes nothing. Every write
goes through the same service as the pages. Each subject's routes and schemas are in its own
package (status, risks, governance, benefits, catalogue); this module mounts them under one router.
"""

from __future__ import annotations

from ninja import Router

from gemini.programme.benefits import api as benefits_api
from gemini.programme.catalogue import api as catalogue_api
from gemini.programme.governance import api as governance_api
from gemini.programme.risks import api as risks_api
from gemini.programme.status import api as status_api

router = Router(tags=["programme"])
for subject in (status_api, risks_api, governance_api, benefits_api, catalogue_api):
    router.add_router("", subject.router)
