"""Writes for the migration app: one function per action, atomic, recorded by the history.

Views, the `gemini migration` command, the importers and the demo loader call these the same
way. Reads that several callers share (the plan's input, progress figures, export rows) are
here too.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from gemini.core.bulk_saving import bulk_change, bulk_create
from gemini.core.history import bulk_create_with_history
from gemini.core.models import Organisation, User
from gemini.core.services import Outcome, upsert
from gemini.core.versioning import StaleEditError, save_edit
from gemini.migration import mappings
from gemini.migration import models as m
from gemini.migration.engine import files, planner


def current_settings() -> m.MigrationSettings | None:
    return m.MigrationSettings.objects.select_related("moving_organisation").first()


def create_settings(moving_organisation: Organisation, **values: Any) -> m.MigrationSettings:
    """The move's settings, created once (later changes go through `edit_settings`)."""
    with transaction.atomic():
        existing = current_settings()
        if existing is not None:
            return existing
        record = m.MigrationSettings(moving_organisation=moving_organisation, **values)
        record.full_clean()
        record.save()
        return record


def edit_settings(
    record: m.MigrationSettings, expected_version: int, changes: Mapping[str, Any]
) -> m.MigrationSettings:
    return save_edit(record, expected_version, changes)


def address_part(name: str) -> str:
    """A name as the local part of an address: accents and apostrophes dropped, lower case."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]+", "", plain.lower().replace(" ", "-"))


def derived_address(given_name: str, surname: str, domain: str) -> str:
    """The first.last@new-domain rule for a new address."""
    return f"{address_part(given_name)}.{address_part(surname)}@{domain.lower()}"


def save_identity(organisation: Organisation, upn: str, values: Mapping[str, Any]) -> Outcome:
    _, outcome = upsert(
        m.Identity, {"user_principal_name": upn}, {"organisation": organisation, **values}
    )
    return outcome


def save_permission(mailbox: m.Identity, user: m.Identity, right: str) -> Outcome:
    _, outcome = upsert(m.MailboxPermission, {"mailbox": mailbox, "user": user, "right": right}, {})
    return outcome


def save_device(name: str, values: Mapping[str, Any]) -> Outcome:
    _, outcome = upsert(m.Device, {"name": name}, values)
    return outcome


def save_exclusion(upn: str) -> Outcome:
    _, outcome = upsert(m.Exclusion, {"user_principal_name": upn}, {})
    return outcome


def save_freeze(start: dt.date, end: dt.date, reason: str) -> Outcome:
    """A freeze period (both days inclusive): no cutover is planned in it."""
    _, outcome = upsert(m.FreezePeriod, {"start": start, "end": end}, {"reason": reason})
    return outcome


def remove_freeze(record: m.FreezePeriod) -> None:
    with transaction.atomic():
        record.delete()


def freeze_periods() -> tuple[planner.FreezePeriod, ...]:
    return tuple(
        planner.FreezePeriod(start, end, reason)
        for start, end, reason in m.FreezePeriod.objects.order_by("start", "end").values_list(
            "start", "end", "reason"
        )
    )


def limits_from(record: m.MigrationSettings, **overrides: Any) -> planner.Limits:
    values: dict[str, Any] = {
        "start": record.start or timezone.localdate(),
        "max_users": record.max_users,
        "max_gb": record.max_gb,
        "pilot_users": record.pilot_users,
        "submit_lead_days": record.submit_lead_days,
        "wave_interval_working_days": record.wave_interval_working_days,
        "cutover_weekday": record.cutover_weekday,
        "parallel_waves": record.parallel_waves,
        "freeze": freeze_periods(),
    }
    values.update({key: value for key, value in overrides.items() if value is not None})
    return planner.Limits(**values)


def plan_input(record: m.MigrationSettings, limits: planner.Limits) -> planner.PlanInput:
    """The planner's input: the moving council's identities, every permission, exclusions."""
    movers: list[planner.Mover] = []
    staying: set[str] = set()
    upn_of: dict[int, str] = {}
    for (
        pk,
        upn,
        organisation_id,
        department,
        mailbox_gb,
        onedrive_gb,
        vip,
        name,
        recipient_type,
        enabled,
        user_type,
    ) in m.Identity.objects.values_list(
        "pk",
        "user_principal_name",
        "organisation_id",
        "department",
        "mailbox_gb",
        "onedrive_gb",
        "vip",
        "display_name",
        "recipient_type",
        "account_enabled",
        "user_type",
    ).order_by("user_principal_name"):
        upn_of[pk] = upn
        if organisation_id == record.moving_organisation_id:
            movers.append(
                planner.Mover(
                    upn,
                    department,
                    mailbox_gb + onedrive_gb,
                    vip,
                    name,
                    recipient_type,
                    enabled,
                    user_type,
                )
            )
        else:
            staying.add(upn)
    permissions = [
        planner.MailboxPermission(upn_of[mailbox], upn_of[user], right)
        for mailbox, user, right in m.MailboxPermission.objects.values_list(
            "mailbox_id", "user_id", "right"
        ).order_by("pk")
    ]
    exclusions = frozenset(m.Exclusion.objects.values_list("user_principal_name", flat=True))
    return planner.PlanInput(movers, permissions, limits, exclusions, frozenset(staying))


def run_plan(
    limits: planner.Limits, by: User | None = None, now: dt.datetime | None = None
) -> m.Plan:
    """Plan the waves from the estate as it is now and store the plan with its parameters."""
    record = current_settings()
    if record is None:
        raise ValueError("Set up the migration (its tenants and new domain) before planning.")
    result = planner.plan_waves(plan_input(record, limits))
    return save_plan(result, by, now or timezone.now())


def _insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows into `model`'s table with one prepared statement (executemany): a plan of 100,000
    placements costs more to compile through the ORM's bulk_create than to plan."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 (names from the model)
                rows[start : start + 10_000],
            )


@transaction.atomic
def save_plan(result: planner.Plan, by: User | None, now: dt.datetime) -> m.Plan:
    """Store a plan: its parameters, waves, a placement for everyone (placed, unplaced or held
    back) and its findings, each with its creation in the audit history.

    The placements and their history rows are written with `executemany` (`_insert`), the rest
    through the ORM with simple-history's bulk helper; all in one transaction.
    """
    limits = result.limits
    plan = m.Plan.objects.create(
        created_at=now,
        created_by=by,
        max_users=limits.max_users,
        max_gb=limits.max_gb,
        pilot_users=limits.pilot_users,
        start=limits.start,
        submit_lead_days=limits.submit_lead_days,
        wave_interval_working_days=limits.wave_interval_working_days,
        cutover_weekday=limits.cutover_weekday,
        parallel_waves=limits.parallel_waves,
        freeze=[[f.start.isoformat(), f.end.isoformat(), f.reason] for f in limits.freeze],
        identities=len(result.placements) + len(result.unplaced) + len(result.held_back),
        move_groups=len(result.groups),
        unplaced=len(result.unplaced),
        held_back=len(result.held_back),
    )
    waves = {
        wave.name: m.Wave(
            plan=plan,
            number=wave.number,
            name=wave.name,
            kind=wave.kind,
            cutover=wave.cutover,
            submit_by=wave.submit_by,
            users=len(wave.users),
            gb=wave.gb,
            reason=wave.reason,
        )
        for wave in result.waves
    }
    bulk_create_with_history(list(waves.values()), m.Wave, default_user=by, default_date=now)
    wave_ids = {name: wave.pk for name, wave in waves.items()}
    ids = dict(m.Identity.objects.values_list("user_principal_name", "pk"))
    sizes: dict[str, int] = {}
    for group in result.groups:
        sizes.update(dict.fromkeys(group.members, group.size))
    group_of = {upn: group.number for group in result.groups for upn in group.members}
    not_placed = "Not placed: its move group is over the wave limits (see the findings)."
    rows: list[tuple[int, int, int | None, int, int, str, bool]] = [
        (plan.pk, ids[p.upn], wave_ids[p.wave], p.group, sizes[p.upn], p.reason, False)
        for p in result.placements
    ]
    rows += [
        (plan.pk, ids[upn], None, group_of[upn], sizes[upn], not_placed, False)
        for upn in result.unplaced
    ]
    rows += [(plan.pk, ids[h.upn], None, 0, 0, h.reason, True) for h in result.held_back]
    columns = ["plan_id", "identity_id", "wave_id", "move_group", "group_size", "reason"]
    _insert(m.Placement, [*columns, "held_back"], rows)
    saved = dict(m.Placement.objects.filter(plan=plan).values_list("identity_id", "pk").order_by())
    when = connection.ops.adapt_datetimefield_value(now)
    user_id = by.pk if by is not None else None
    _insert(
        m.Placement.history.model,
        [
            "id",
            *columns,
            "held_back",
            "history_date",
            "history_change_reason",
            "history_type",
            "history_user_id",
        ],
        [(saved[row[1]], *row, when, None, "+", user_id) for row in rows],
    )
    bulk_create_with_history(
        [
            m.Finding(plan=plan, kind=f.kind, detail=f.detail, users=list(f.users))
            for f in result.findings
        ],
        m.Finding,
        default_user=by,
        default_date=now,
    )
    return plan


def current_plan() -> m.Plan | None:
    return m.Plan.objects.order_by("-created_at", "-pk").first()


StatusOutcome = Literal["created", "updated", "unchanged", "skipped"]


def set_status(
    identity: m.Identity,
    workload: str,
    state: str,
    problem: str = "",
    note: str = "",
    when: dt.datetime | None = None,
) -> StatusOutcome:
    """Record one person's state for one workload as of `when` (now if not given); the history
    keeps every earlier state with its time.

    A state older than the one recorded is never applied over it ("skipped", nothing written):
    a report read out of order must not undo newer progress (issue 20, item 6).
    """
    when = when or timezone.now()
    with transaction.atomic():
        record = (
            m.WorkloadStatus.objects.select_for_update()
            .filter(identity=identity, workload=workload)
            .first()
        )
        outcome: StatusOutcome = "updated"
        if record is None:
            record = m.WorkloadStatus(identity=identity, workload=workload)
            outcome = "created"
        elif when < record.updated_at:
            return "skipped"
        elif (record.state, record.problem, record.note) == (state, problem, note):
            return "unchanged"
        else:
            # Raise the version first (it locks the row), so that someone who saw the earlier
            # state cannot save over this one unwarned (update_status).
            m.WorkloadStatus.objects.filter(pk=record.pk).update(version=F("version") + 1)
            record = m.WorkloadStatus.objects.get(pk=record.pk)
        record.state = state
        record.problem = problem
        record.note = note
        record.updated_at = when
        record.full_clean()
        record._history_date = when  # type: ignore[attr-defined]  # read by simple_history
        record.save()
    return outcome


@dataclass(frozen=True)
class StatusChange:
    """One person's state for one workload, as a status report gives it (`set_statuses`)."""

    identity_id: int
    workload: str
    state: str
    problem: str
    note: str
    when: dt.datetime


@dataclass(frozen=True)
class StatusSaved:
    """What `set_statuses` did with a row, and the state recorded before it (for a skipped
    row's report: what it was older than)."""

    outcome: StatusOutcome
    recorded_state: str = ""
    recorded_at: dt.datetime | None = None


# Identities filtered by key in the query that reads the statuses, up to this many (SQLite
# allows 999 parameters in some builds); more, and the file's workloads are read whole.
_STATUS_KEYS_IN_QUERY = 900


def set_statuses(rows: Sequence[StatusChange]) -> list[StatusSaved]:
    """`set_status` for a whole report at once, with the same outcomes, in the rows' order
    (docs/adr/0005-bulk-saving.md):

    - every status the rows name is read, locked, in one query (select_for_update, under the
      caller's transaction: no one changes them until the import ends);
    - each row is decided as `set_status` decides it: "created" if the person has no status
      for the workload, "skipped" if the row is older than the state recorded (never applied
      over newer progress), "unchanged" if it restates it, otherwise "updated";
    - the new statuses are inserted and the changed ones updated in batches, each changed
      record's `version` raised by one (optimistic locking: whoever saw the earlier state
      cannot save over this one unwarned, `update_status`);
    - each history row is dated by its row's own time, not the import's.

    Raises ValueError if two rows name the same person and workload (the importers refuse
    such a file first) and ValidationError if a value does not fit its field.
    """
    if not rows:
        return []
    keys = [(row.identity_id, row.workload) for row in rows]
    if len(set(keys)) != len(keys):
        raise ValueError("Two rows for the same person and workload.")
    identity_ids = {row.identity_id for row in rows}
    saved: dict[tuple[int, str], tuple[Any, ...]] = {}
    with transaction.atomic():
        query = m.WorkloadStatus.objects.select_for_update().filter(
            workload__in={row.workload for row in rows}
        )
        if len(identity_ids) <= _STATUS_KEYS_IN_QUERY:
            query = query.filter(identity_id__in=identity_ids)
        for (
            pk,
            identity_id,
            workload,
            state,
            problem,
            note,
            updated_at,
            version,
        ) in query.order_by().values_list(
            "pk", "identity_id", "workload", "state", "problem", "note", "updated_at", "version"
        ):
            saved[identity_id, workload] = (pk, state, problem, note, updated_at, version)

        results: list[StatusSaved] = []
        new: list[StatusChange] = []
        changes: dict[int, dict[str, Any]] = {}
        dates: dict[int, dt.datetime] = {}
        for row, key in zip(rows, keys, strict=True):
            found = saved.get(key)
            if found is None:
                new.append(row)
                results.append(StatusSaved("created"))
                continue
            pk, state, problem, note, updated_at, version = found
            if row.when < updated_at:
                results.append(StatusSaved("skipped", state, updated_at))
            elif (state, problem, note) == (row.state, row.problem, row.note):
                results.append(StatusSaved("unchanged"))
            else:
                changes[pk] = {
                    "state": row.state,
                    "problem": row.problem,
                    "note": row.note,
                    "updated_at": row.when,
                    "version": version + 1,  # read under the lock above
                }
                dates[pk] = row.when
                results.append(StatusSaved("updated"))
        if new:
            bulk_create(
                m.WorkloadStatus,
                ("identity", "workload"),
                {
                    "identity_id": [row.identity_id for row in new],
                    "workload": [row.workload for row in new],
                    "state": [row.state for row in new],
                    "problem": [row.problem for row in new],
                    "note": [row.note for row in new],
                    "updated_at": [row.when for row in new],
                },
                history_dates=[row.when for row in new],
            )
        if changes:
            bulk_change(m.WorkloadStatus, changes, history_dates=dates)
    return results


def status_problem(identity: m.Identity, workload: str, state: str) -> str:
    """Why `state` cannot be recorded for this person's workload ("" if it can): a device
    workload is Not applicable only for a person with no device."""
    if (
        workload == m.Workload.DEVICE
        and state == m.State.NOT_APPLICABLE
        and (count := m.Device.objects.filter(primary_user=identity).count())
    ):
        return (
            f"{identity.user_principal_name} is the primary user of {count} device"
            f"{'' if count == 1 else 's'}, so the device move is not 'Not applicable'."
        )
    return ""


def update_status(
    identity: m.Identity,
    workload: str,
    expected_version: int,
    state: str,
    problem: str = "",
    note: str = "",
) -> m.WorkloadStatus:
    """Someone sets one person's state for one workload, as of now, from the version of that
    status they saw: 0 when there was none yet.

    Raises StaleEditError, writing nothing, if the status has changed since (or was created
    meanwhile); its `current` is the status as saved now (version 0 if there is none).
    Restating the state in force changes nothing.
    """
    when = timezone.now()
    with transaction.atomic():
        record = m.WorkloadStatus.objects.filter(identity=identity, workload=workload).first()
        if record is None:
            if expected_version != 0:
                none_yet = m.WorkloadStatus(identity=identity, workload=workload, version=0)
                raise StaleEditError(none_yet, expected_version)
            record = m.WorkloadStatus(
                identity=identity,
                workload=workload,
                state=state,
                problem=problem,
                note=note,
                updated_at=when,
            )
            record.full_clean(validate_unique=False)
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:  # someone recorded it after we looked
                current = m.WorkloadStatus.objects.get(identity=identity, workload=workload)
                raise StaleEditError(current, 0) from None
            return record
        if record.version != expected_version:
            raise StaleEditError(record, expected_version)
        if (record.state, record.problem, record.note) == (state, problem, note):
            return record
        return save_edit(
            record,
            expected_version,
            {"state": state, "problem": problem, "note": note, "updated_at": when},
        )


# Reads shared by pages, the command and the exports.


def moved_users(plan: m.Plan, within: QuerySet[m.Identity] | None = None) -> list[files.MovedUser]:
    """Everyone the plan placed (of `within`, if given), as the export files need them."""
    placements = m.Placement.objects.filter(plan=plan, wave__isnull=False)
    if within is not None:
        placements = placements.filter(identity__in=within)
    rows = placements.select_related("identity", "wave").order_by("identity__user_principal_name")
    return [
        files.MovedUser(
            source_upn=p.identity.user_principal_name,
            source_mail=p.identity.mail,
            target_upn=p.identity.target_user_principal_name,
            target_mail=p.identity.target_mail,
            user_type=p.identity.user_type or "Member",
            wave=p.wave.name,  # type: ignore[union-attr]
            cutover=p.wave.cutover,  # type: ignore[union-attr]
            submit_by=p.wave.submit_by,  # type: ignore[union-attr]
            group=p.move_group,
            group_size=p.group_size,
            mailbox_gb=p.identity.mailbox_gb,
            reason=p.reason,
            display_name=p.identity.display_name,
            recipient_type=p.identity.recipient_type,
            exchange_guid=p.identity.exchange_guid,
            archive_guid=p.identity.archive_guid,
            legacy_exchange_dn=p.identity.legacy_exchange_dn,
            x500=tuple(p.identity.x500_addresses.splitlines()),
        )
        for p in rows
    ]


def held_back(plan: m.Plan, within: QuerySet[m.Identity] | None = None) -> list[m.Placement]:
    """The identities the plan kept out of every mailbox batch, with the reason."""
    placements = m.Placement.objects.filter(plan=plan, held_back=True)
    if within is not None:
        placements = placements.filter(identity__in=within)
    return list(placements.select_related("identity").order_by("identity__user_principal_name"))


EXPORT_KINDS = (
    "batches",
    "onedrive-map",
    "redirect-map",
    "fasttrack",
    "tasks",
    *mappings.EXPORT_KINDS,
    "pre-staging",
    "held-back",
)


class ExportRefusedError(ValueError):
    """An export that cannot be made yet, and why (a setting or a value is missing)."""


def _pre_staging(users: list[files.MovedUser]) -> dict[str, str]:
    record = current_settings()
    domain = record.target_delivery_domain if record else ""
    if not domain:
        raise ExportRefusedError(
            "Set the target delivery domain (Migration › Settings) first: the pre-staged "
            "MailUsers need an address in it and New-MigrationBatch takes it as "
            "-TargetDeliveryDomain."
        )
    ready, missing = files.pre_staging_rows(users, domain)
    produced = {
        "target-mailusers.csv": files.pre_staging_csv(ready),
        "target-delivery-domain.txt": f"{domain}\r\n",
    }
    if missing:
        produced["target-mailusers-missing.csv"] = files.pre_staging_missing_csv(missing)
    return produced


def export_files(
    kind: str, plan: m.Plan, within: QuerySet[m.Identity] | None = None
) -> dict[str, str]:
    """The files of one export kind, file name → CSV text (people of `within`, if given)."""
    users = moved_users(plan, within)
    if kind == "batches":
        by_wave: dict[str, list[files.MovedUser]] = {}
        for user in users:
            by_wave.setdefault(user.wave, []).append(user)
        return {
            files.batch_filename(wave.name): files.batch_csv(by_wave.get(wave.name, []))
            for wave in plan.waves.order_by("number")
        }
    if kind == "onedrive-map":
        record = current_settings()
        tenant = record.source_tenant_id if record else ""
        return {
            "onedrive-identity-map.csv": files.onedrive_map_csv(users, tenant)
            + mappings.onedrive_group_rows(tenant)
        }
    if kind == "redirect-map":
        return {"redirect-map.csv": files.redirect_map_csv(users)}
    if kind == "fasttrack":
        return {
            "fasttrack-batches.csv": files.fasttrack_batches_csv(users),
            "fasttrack-schedule.csv": files.fasttrack_schedule_csv(users),
        }
    if kind == "tasks":
        links = [
            files.SendOnBehalf(mailbox, user)
            for mailbox, user in m.MailboxPermission.objects.filter(
                right=m.MailboxPermission.Right.SEND_ON_BEHALF
            ).values_list("mailbox__user_principal_name", "user__user_principal_name")
        ]
        return {"post-move-tasks.csv": files.tasks_csv(files.post_move_tasks(users, links))}
    if kind in mappings.EXPORT_KINDS:
        return mappings.export_files(kind, users)
    if kind == "pre-staging":
        return _pre_staging(users)
    if kind == "held-back":
        return {
            "held-back.csv": files.held_back_csv(
                files.HeldBackUser(
                    p.identity.user_principal_name,
                    p.identity.recipient_type,
                    p.identity.account_enabled,
                    p.identity.user_type,
                    p.reason,
                )
                for p in held_back(plan, within)
            )
        }
    raise ValueError(f"There is no export {kind!r}; choose from {', '.join(EXPORT_KINDS)}.")
