"""The workforce's part of the committee report (docs/reports.md, "Sections").

Part 1: staff and the new service designs' places as recorded at the end of the report's
date, the Executive Summary's headline and the Workforce workstream's table. Counts only: no
one is named.

Part 2 (exempt): the latest matching run made by then — the proposed outcomes and the
consultation timetable (Schedule 12A paragraph 4, labour relations), and the redundancy cost
estimates with the ring-fence surplus as a range and the pension strain costs (paragraph 3,
financial information; issue 14, item 8). Every figure is read from gemini/workforce/figures.py
(`restructure`, `matching`) as at the report's date, never worked out again here. Counts of
people small enough to point at someone are suppressed as the equality tables are
(`figures.suppressed`). Registered by `WorkforceConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.timezone import localdate

from gemini.core.reporting import formatting as f
from gemini.core.reporting import registry as r
from gemini.core.reporting.blocks import Builder, Content, Table
from gemini.workforce import figures
from gemini.workforce.engine.matching import OUTCOME_LABELS

WORKSTREAM = "workforce"


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


# ---------------------------------------------------------------- figures


def workforce_figures(scope: r.Scope) -> dict[str, Any] | None:
    """Staff and the new service designs' places as recorded at the end of the day
    (figures.restructure). Places count identical posts each; JDQs are counted by post record
    (evaluated, draft) beside the number of post records, so the two are never mixed."""
    found = figures.restructure(scope.as_at)
    if not found.staff and not found.designs:
        return None
    return {
        "staff": found.staff,
        "posts": found.places,
        "designs": [
            [d.council, d.name, d.places, d.evaluated, d.draft, d.post_records]
            for d in found.designs
        ],
    }


def exempt_workforce(scope: r.Scope) -> dict[str, Any] | None:
    """The latest matching run made on or before the day, with HR's decisions then
    (figures.matching; a run made later is not seen), its counts suppressed below the run's
    minimum."""
    result = figures.matching(scope.as_at)
    if result is None:
        return None
    run = result.run
    minimum = result.minimum
    costs = result.costs
    strain = result.strain
    hidden = figures.suppressed
    return {
        "run": run.number,
        "run_date": localdate(run.created_at).isoformat(),
        "staff": run.staff_count,
        "posts": run.post_count,
        "outcomes": [[OUTCOME_LABELS[k], hidden(v, minimum)] for k, v in result.counts.items()],
        "pools": len(result.pools),
        "decided": hidden(result.decided, minimum),
        "minimum": minimum,
        "costs": (
            {
                "people": costs.people,
                "statutory": _money(costs.statutory),
                "discretionary": _money(costs.discretionary),
                "pension_flags": hidden(costs.pension_flags, minimum),
                "ring_fence_surplus": costs.ring_fence_surplus,
                "range_shown": costs.range_shown,
                "statutory_low": _money(costs.statutory_low),
                "statutory_high": _money(costs.statutory_high),
                "discretionary_low": _money(costs.discretionary_low),
                "discretionary_high": _money(costs.discretionary_high),
                "strain_known": _money(strain.known) if strain.known_people >= minimum else None,
                "strain_known_people": hidden(strain.known_people, minimum),
                "strain_not_known": hidden(strain.not_known, minimum),
            }
            if costs.shown
            else None
        ),
        "timetable": list(result.timetable.reasons),
        "first_dismissal": run.first_dismissal_date.isoformat(),
    }


# ---------------------------------------------------------------- renderers (pure)


def _people(value: int | str, noun: str = "person", plural: str = "people") -> str:
    """A (possibly suppressed) count in words: "fewer than 5 people" for "<5"."""
    if isinstance(value, str) and value.startswith("<"):
        return f"fewer than {value[1:]} {plural}"
    return f.counted(int(value), noun, plural)


def headline(workforce: Mapping[str, Any], names: Mapping[str, str]) -> str:
    staff, posts = workforce["staff"], workforce["posts"]
    by_council = [f"{f.count(row[2])} {names.get(row[0], row[0])}" for row in workforce["designs"]]
    detail = f" ({f.join(by_council)})" if by_council else ""
    if posts > staff:
        lead = "There are more jobs available in the new service designs than staff"
    elif posts == staff:
        lead = "There are as many jobs in the new service designs as staff"
    else:
        lead = "There are fewer jobs in the new service designs than staff"
    return f"{lead}: {f.counted(posts, 'post')}{detail} for {f.count(staff)} staff."


def _headline(b: Builder, content: Content, key: str) -> None:
    workforce = content.data.get("workforce")
    if workforce:
        b.para(headline(workforce, content.data["councils"]), from_data=True)


def _workstream(b: Builder, content: Content, key: str) -> None:
    workforce = content.data.get("workforce")
    names = content.data["councils"]
    if not workforce:
        b.para("No workforce figures have been recorded yet.", from_data=True)
        return
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


def _outcomes(b: Builder, content: Content, key: str) -> None:
    workforce = content.data["part2"].get("workforce")
    if workforce is None:
        return
    b.para(
        f"The proposed outcomes of {f.long_date(workforce['run_date'])} place "
        f"{f.count(workforce['staff'])} staff against {f.counted(workforce['posts'], 'post')}, "
        f"with {f.counted(workforce['pools'], 'ring-fence pool')}. Each outcome is a proposal "
        "until a named HR officer confirms or changes it after consultation; "
        f"{_people(workforce['decided'], 'outcome', 'outcomes')} "
        f"{'has' if workforce['decided'] == 1 else 'have'} been confirmed or changed so far.",
        from_data=True,
    )
    b.add(
        Table(
            ("Proposed outcome", "People"),
            tuple(
                (label, n if isinstance(n, str) else f.count(n))
                for label, n in workforce["outcomes"]
            ),
            "Proposed outcomes",
        )
    )
    b.para("Consultation timetable:", from_data=True)
    b.bullets(workforce["timetable"], from_data=True)


def _costs(b: Builder, content: Content, key: str) -> None:
    workforce = content.data["part2"].get("workforce")
    if workforce is None:
        return
    costs = workforce["costs"]
    if not costs:
        b.para(
            f"Redundancy cost totals are not shown: fewer than {workforce['minimum']} people "
            "are at risk, so a total would reveal someone's pay.",
            from_data=True,
        )
        return
    people = f.counted(costs["people"], "person", "people")
    b.para(
        f"The estimated redundancy costs for the {people} at risk are {f.money(costs['statutory'])}"
        f" in statutory redundancy pay and {f.money(costs['discretionary'])} in discretionary "
        "compensation.",
        from_data=True,
    )
    rows = [("People at risk", f.pounds(costs["statutory"]), f.pounds(costs["discretionary"]))]
    surplus = costs.get("ring_fence_surplus", 0)
    if surplus and costs.get("range_shown"):
        b.para(
            f"A ring-fence leaves {f.counted(surplus, 'person', 'people')} more than its places "
            "without a post. With them the totals lie between the lowest (each pool's "
            "lowest-cost people) and the highest (its highest-cost people) below.",
            from_data=True,
        )
        rows += [
            (
                "With the ring-fence surplus: lowest",
                f.pounds(costs["statutory_low"]),
                f.pounds(costs["discretionary_low"]),
            ),
            (
                "With the ring-fence surplus: highest",
                f.pounds(costs["statutory_high"]),
                f.pounds(costs["discretionary_high"]),
            ),
        ]
    elif surplus:
        b.para(
            f"The range with the ring-fence surplus is not shown: fewer than "
            f"{workforce['minimum']} people would be in it, so it would reveal their pay.",
            from_data=True,
        )
    b.add(
        Table(
            ("Who", "Statutory redundancy pay", "Discretionary compensation"),
            tuple(rows),
            "Redundancy cost estimates",
        )
    )
    flags = costs["pension_flags"]
    if flags:
        b.para(
            f"{_people(flags).capitalize()} at risk may take an immediate unreduced pension "
            "(Local Government Pension Scheme), which brings a pension strain cost.",
            from_data=True,
        )
    if "strain_not_known" in costs:
        b.para(_strain(costs), from_data=True)


def _strain(costs: Mapping[str, Any]) -> str:
    """The pension strain costs: "not known" where the fund's actuary's figures are not
    imported, never £0."""
    known_people, not_known = costs["strain_known_people"], costs["strain_not_known"]
    parts = []
    if known_people:
        amount = costs["strain_known"]
        parts.append(
            f"{f.money(amount)} for {_people(known_people)}"
            if amount is not None
            else f"known for {_people(known_people)} (the total is not shown, as it would "
            "reveal their pension)"
        )
    if not_known:
        parts.append(
            f"not known for {_people(not_known)} (the pension fund's actuary has not yet given "
            "them)"
        )
    if not parts:
        return "No pension strain costs arise for the people at risk."
    return f"Pension strain costs: {'; '.join(parts)}."


def register() -> None:
    r.register_figures(r.Figures("workforce", workforce_figures))
    r.register_figures(r.Figures("workforce", exempt_workforce, part=2))
    r.contribute(r.Contribution("executive_summary", _headline, ("workforce",), order=30))
    r.contribute(r.Contribution(f"workstream:{WORKSTREAM}", _workstream, ("workforce",)))
    r.register_section(
        r.Section(
            "part2_workforce",
            "Workforce: consultation and labour relations",
            20,
            part=2,
            figures=("workforce",),
            render=_outcomes,
            narrative_first=True,
            paragraph=4,
            reason=(
                "The information relates to consultation and negotiation with the trade unions "
                "about the restructure; the public interest in those negotiations not being "
                "prejudiced before consultation concludes outweighs the public interest in "
                "disclosure."
            ),
            hint="Detail of the proposed outcomes and negotiations (paragraph 4). Gemini adds "
            "the proposed outcomes and the consultation timetable.",
        )
    )
    r.register_section(
        r.Section(
            "part2_costs",
            "Redundancy cost estimates",
            30,
            part=2,
            figures=("workforce",),
            render=_costs,
            narrative_first=True,
            paragraph=3,
            reason=(
                "The estimates are financial information about the Council's affairs and about "
                "the staff at risk; the public interest in the Council not being prejudiced in "
                "consultation and in protecting the staff concerned outweighs the public "
                "interest in disclosure while the proposals are consulted on."
            ),
            hint="The redundancy cost estimates (paragraph 3). Gemini adds the totals, the range "
            "with the ring-fence surplus and the pension strain costs.",
        )
    )
