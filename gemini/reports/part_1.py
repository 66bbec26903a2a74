"""Part 1 of a committee report: the public report, in the seed's order, with the status,
figures, tables and charts written from the data snapshot around the officer's narrative. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from gemini.reports import formatting as f
from gemini.reports import sections as s
from gemini.reports.blocks import (
    Banner,
    Builder,
    Chart,
    Content,
    Document,
    Paragraph,
    Recommendations,
    Table,
    header_block,
)
from gemini.reports.part_2 import by_virtue, part2_paragraphs


def _money_by_council(values: Mapping[str, str], names: Mapping[str, str]) -> list[str]:
    return [f"{f.money(values[code])} {names.get(code, code)}" for code in values if code in names]


def _total(values: Mapping[str, str]) -> Decimal:
    return sum((Decimal(v) for v in values.values()), Decimal("0"))


def _next_milestones(data: Mapping[str, Any], workstream: str | None = None) -> list[str]:
    as_at = data["as_at"]
    rows = [
        m
        for m in data["status"]["milestones"]
        if not m["actual"]
        and (workstream is None or m["workstream"] == workstream)
        and (m["forecast"] or m["baseline"])
    ]
    rows.sort(key=lambda m: m["forecast"] or m["baseline"])
    out = []
    for m in rows[:3]:
        due = m["forecast"] or m["baseline"]
        late = m["slippage_days"]
        text = f"{m['title']}: {'forecast' if m['forecast'] else 'planned'} {f.month(due)}"
        if late and late > 0:
            text += f" ({late} days after the baseline of {f.short_date(m['baseline'])})"
        if due < as_at:
            text += ", overdue"
        out.append(text)
    return out


# ---------------------------------------------------------------- data paragraphs


def _migration_sentence(migration: Mapping[str, Any]) -> str:
    users, devices = migration["users"], migration["devices"]
    percent = migration["percent_complete"]
    target = migration["target_tenant"]
    lead = f"The new {target} tenant has been created. " if target else ""
    return (
        f"{lead}The migration of users and devices into the new environment is "
        f"{f.percent(percent)} complete ({f.count(users)} users and {f.count(devices)} devices)."
    )


def _workforce_sentence(workforce: Mapping[str, Any], names: Mapping[str, str]) -> str:
    staff, posts = workforce["staff"], workforce["posts"]
    by_council = [f"{f.count(row[2])} {names.get(row[0], row[0])}" for row in workforce["designs"]]
    detail = f" ({f.join(by_council)})" if by_council else ""
    if posts > staff:
        lead = "There are more jobs available in the new service designs than staff"
    elif posts == staff:
        lead = "There are as many jobs in the new service designs as staff"
    else:
        lead = "There are fewer jobs in the new service designs than staff"
    return f"{lead}: {f.count(posts)} posts{detail} for {f.count(staff)} staff."


def _finance_sentences(finance: Mapping[str, Any]) -> list[str]:
    out = []
    if finance["agency_start"] is not None and finance["agency_latest"] is not None:
        reduction = Decimal(finance["agency_reduction_percent"])
        if reduction > 0:
            out.append(
                f"Agency roles are down by {f.over_percent(reduction)} since the start of the "
                f"financial year (from {finance['agency_start']} to "
                f"{finance['agency_latest']} roles, {f.percent(reduction)})."
            )
    variance = Decimal(finance["forecast_variance"])
    when = f.review_words(finance["review"])
    if finance["review"]:
        if variance == 0:
            out.append(f"The ICT Shared Service has reported a balanced forecast at {when}.")
        elif variance > 0:
            out.append(
                f"The ICT Shared Service has reported a forecast overspend of "
                f"{f.money(variance)} at {when} ({finance['forecast_rag']})."
            )
        else:
            out.append(
                f"The ICT Shared Service has reported a forecast underspend of "
                f"{f.money(-variance)} at {when}."
            )
    income = Decimal(finance["project_income_budget"])
    if income > 0:
        hours = finance["planned_hours"]
        on_hours = (
            f", which assumes {f.count(hours)} project hours to be delivered" if hours else ""
        )
        out.append(
            f"This position is reliant on project income of {f.money(income)}{on_hours} this "
            f"year (forecast {f.money(finance['project_income_forecast'])})."
        )
    return out


def _savings_sentence(data: Mapping[str, Any]) -> str | None:
    names = data["councils"]
    finance = data["finance"]
    if finance and finance["savings_target_by_council"]:
        targets = finance["savings_target_by_council"]
        year = finance["savings_year"]
        number = finance["savings_year_number"]
    else:
        profile = data["savings_profile"]
        if not profile:
            return None
        year = max(y for years in profile.values() for y in years)
        targets = {code: years.get(year, "0") for code, years in profile.items()}
        number = None
    total = _total(targets)
    if total <= 0:
        return None
    when = f"year {number} ({year})" if number else year
    parts = _money_by_council(targets, names)
    return (
        f"The savings target is {f.money(total)} a year by {when} for both councils: "
        f"{f.join(parts)}."
    )


def build_part_1(content: Content) -> Document:
    data = content.data
    h = content.header
    names = data["councils"]
    status = data["status"]
    b = Builder()
    b.add(Banner("OPEN"))
    b.add(header_block(content, 1))
    paragraphs = part2_paragraphs(content)
    if paragraphs:
        b.add(Paragraph(f"{h['part2_title']} – NOT FOR PUBLICATION: {by_virtue(paragraphs)}"))

    def section(key: str, title: str, level: int = 1) -> None:
        b.heading(title, level)
        b.narrative(content.narrative.get(key, ""))

    # Purpose of Report
    section("purpose", "Purpose of Report")

    # Executive Summary: the headlines from the data, then the officer's words.
    b.heading("Executive Summary")
    overall = status["overall"]
    if overall:
        b.para(
            f"The programme status is {overall['rating']} overall as at "
            f"{f.long_date(data['as_at'])}.",
            from_data=True,
        )
    if data["migration"]:
        b.para(_migration_sentence(data["migration"]), from_data=True)
    if data["workforce"]:
        b.para(_workforce_sentence(data["workforce"], names), from_data=True)
    if data["finance"]:
        for sentence in _finance_sentences(data["finance"]):
            b.para(sentence, from_data=True)
    b.narrative(content.narrative.get("executive_summary", ""))

    # Recommendations
    b.heading("Recommendations")
    if content.recommendations:
        b.add(Recommendations(f"The {h['committee']} is recommended:", content.recommendations))
    else:
        b.para("There are no recommendations: this report is for information.")

    # Background, with the overall status and its reason.
    b.heading("Background")
    b.narrative(content.narrative.get("background", ""))
    if overall:
        b.para(
            f"The programme status is currently {overall['rating']} overall "
            f"(recorded {f.long_date(overall['date'])}). {overall['reason']}",
            from_data=True,
        )
    else:
        b.para(
            f"No overall status had been recorded for the programme by "
            f"{f.long_date(data['as_at'])}.",
            from_data=True,
        )
    rated = [w for w in status["workstreams"] if w["rating"]]
    if rated:
        b.add(
            Table(
                ("Workstream", "Status", "As at"),
                tuple((w["name"], w["rating"], f.short_date(w["date"])) for w in rated),
                "Workstream status",
            )
        )
        b.add(Chart("rag_history", "Workstream status over time"))
    milestones = status["milestones"]
    if milestones:
        b.add(
            Table(
                ("Milestone", "Baseline", "Forecast or actual", "Status"),
                tuple(
                    (
                        m["title"],
                        f.short_date(m["baseline"]),
                        f.short_date(m["actual"] or m["forecast"] or m["baseline"]),
                        m["status"],
                    )
                    for m in milestones
                ),
                "Key milestones",
            )
        )

    # Benefits
    b.heading("Benefits")
    b.narrative(content.narrative.get("benefits", ""))
    benefits = data["benefits"]
    if benefits:
        b.add(
            Table(
                ("Benefit", "Expected Benefit Outcome", "Benefit Type"),
                tuple(
                    (r["title"], r["description"], r["type"])
                    for r in benefits
                    if r["kind"] == "benefit"
                ),
                "Benefits of the programme",
            )
        )
        dis = [r for r in benefits if r["kind"] != "benefit"]
        if dis:
            b.para(
                "Dis-benefits recorded: " + "; ".join(r["title"] for r in dis) + ".",
                from_data=True,
            )
    else:
        b.para("No benefits have been recorded for the programme yet.", from_data=True)
    savings = _savings_sentence(data)
    if savings:
        b.para(savings, from_data=True)
    finance = data["finance"]
    if finance:
        delivered = finance["savings_delivered_by_council"]
        if _total(delivered) > 0:
            b.para(
                f"Savings of {f.money(_total(delivered))} a year have been delivered so far "
                f"({f.join(_money_by_council(delivered, names))}).",
                from_data=True,
            )
        if finance["trajectory"]:
            b.add(Chart("savings", "Savings a year against target, by council"))

    # One section per workstream.
    for workstream in status["workstreams"]:
        _workstream(b, content, workstream)

    section("consultation", "Consultation and Engagement")
    section("reasons", "Reasons for Recommendations")
    section("other_options", "Other Options Considered")

    b.heading(s.IMPLICATIONS)
    for item in s.AFTER_WORKSTREAMS:
        if item.group != s.IMPLICATIONS:
            continue
        b.heading(item.title, 2)
        if item.key == "finance_implications":
            _finance_implications(b, data)
        if item.key == "human_resources" and data["workforce"]:
            b.para(
                f"{f.count(data['workforce']['staff'])} staff work in the current shared "
                f"service; the new service designs have {f.count(data['workforce']['posts'])} "
                "posts.",
                from_data=True,
            )
        b.narrative(content.narrative.get(item.key, ""))
        if item.key == "legal" and paragraphs:
            b.para(f"Members are asked to refer to {h['part2_title']}.", from_data=True)
        if item.key == "risk_management":
            _risks(b, data)

    b.heading("Access to Information")
    contact = " ".join(x for x in (h["contact_name"], h["contact_details"]) if x)
    papers = [line for line in h["background_papers"] if line.strip()]
    b.add(
        Table(
            ("", ""),
            (
                ("Contact Officer:", contact or "Not given"),
                ("Appendices:", h["part2_title"] if paragraphs else "None"),
                ("Background Papers:", "\n".join(papers) if papers else "None"),
            ),
        )
    )
    return Document(1, h["title"], "OPEN", tuple(b.blocks))


def _workstream(b: Builder, content: Content, workstream: Mapping[str, Any]) -> None:
    data = content.data
    names = data["councils"]
    slug = workstream["slug"]
    b.heading(s.workstream_section(slug, workstream["name"]).title)
    if workstream["rating"]:
        b.para(
            f"Status: {workstream['rating']} (as at {f.long_date(workstream['date'])})."
            + (f" {workstream['narrative']}" if workstream["narrative"] else ""),
            from_data=True,
        )
    else:
        b.para("No status has been reported for this workstream yet.", from_data=True)
    figures = s.WORKSTREAM_FIGURES.get(slug)
    if figures == "migration":
        migration = data["migration"]
        if migration:
            b.para(
                f"Phase one (data: Outlook, OneDrive, Teams and SharePoint) is complete for "
                f"{f.count(migration['phase_1'])} of {f.count(migration['users'])} people; "
                f"phase two (network account and device) for {f.count(migration['phase_2'])}.",
                from_data=True,
            )
            b.para(_migration_sentence(migration), from_data=True)
            if migration["waves"]:
                b.add(Chart("migration", "People per wave and how many have finished each phase"))
        else:
            b.para("Gemini holds no tenant migration figures yet.", from_data=True)
    elif figures == "workforce":
        workforce = data["workforce"]
        if workforce:
            b.para(_workforce_sentence(workforce, names), from_data=True)
            b.add(
                Table(
                    ("Council", "Service design", "Posts", "Job descriptions evaluated"),
                    tuple(
                        (names.get(row[0], row[0]), row[1], f.count(row[2]), f.count(row[3]))
                        for row in workforce["designs"]
                    ),
                    "The new service designs",
                )
            )
        else:
            b.para("Gemini holds no workforce figures yet.", from_data=True)
    elif figures == "finance":
        if data["finance"]:
            for sentence in _finance_sentences(data["finance"]):
                b.para(sentence, from_data=True)
        else:
            b.para("Gemini holds no finance figures yet.", from_data=True)
    elif figures == "hosting":
        hosting = data["hosting"]
        if hosting:
            b.para(
                "Phase 2 projects: "
                + "; ".join(
                    p["name"]
                    + (
                        f" (contract ends {f.short_date(p['contract_end'])})"
                        if p["contract_end"]
                        else ""
                    )
                    for p in hosting["projects"]
                )
                + ".",
                from_data=True,
            )
            rows = tuple(
                (p["name"], name, f.short_date(due), state)
                for p in hosting["projects"]
                for name, due, state in p["milestones"]
            )
            if rows:
                b.add(Table(("Project", "Milestone", "Due", "Status"), rows, "Phase 2 milestones"))
        else:
            b.para("Gemini holds no Phase 2 projects yet.", from_data=True)
    upcoming = _next_milestones(data, slug)
    if upcoming:
        b.para("Next milestones:", from_data=True)
        b.bullets(upcoming, from_data=True)
    b.narrative(content.narrative.get(s.workstream_key(slug), ""))


def _finance_implications(b: Builder, data: Mapping[str, Any]) -> None:
    finance = data["finance"]
    names = data["councils"]
    if not finance:
        b.para("Gemini holds no finance figures yet.", from_data=True)
        return
    total = Decimal(finance["one_off_total"])
    if total > 0:
        by_council = finance["one_off_by_council"]
        amounts = set(by_council.values())
        split = (
            f"{f.money(next(iter(amounts)))} per council"
            if len(amounts) == 1 and len(by_council) > 1
            else f.join(_money_by_council(by_council, names))
        )
        basis = f", shared {finance['one_off_basis']}" if finance["one_off_basis"] else ""
        b.para(
            f"A one-off investment (a mix of capital and revenue) of {f.money(total)} "
            f"({split}) has been approved{basis}.",
            from_data=True,
        )
    savings = _savings_sentence(data)
    if savings:
        b.para(savings, from_data=True)
    contract = Decimal(finance["contract_savings"])
    if contract > 0:
        b.para(f"Contract costs are expected to reduce by {f.money(contract)}.", from_data=True)


def _risks(b: Builder, data: Mapping[str, Any]) -> None:
    risks = data["risks"]
    if not risks["open"]:
        b.para("There are no open risks on the programme's register.", from_data=True)
        return
    b.para(
        f"{f.count(risks['open'])} open risks are on the programme's fully scored register; "
        f"the {min(len(risks['top']), risks['open'])} with the highest current scores are below.",
        from_data=True,
    )
    b.add(
        Table(
            ("Ref", "Risk", "Current score", "Band", "Response", "Owner"),
            tuple(
                (
                    r["reference"],
                    r["title"],
                    f"{r['score']} ({r['likelihood']} × {r['impact']})",
                    r["band"],
                    r["response"],
                    r["owner"],
                )
                for r in risks["top"]
            ),
            "Top risks by current score (likelihood × impact)",
        )
    )
    b.add(Chart("heat_map", "Open risks by likelihood and impact"))
