"""As at a date (gemini.core.asat): nothing recorded after the day is seen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gemini.core import asat, services
from gemini.core.history import recorded_at
from gemini.core.models import Organisation

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


def _at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_it_reads_a_record_as_it_stood_at_the_end_of_the_day() -> None:
    with recorded_at(_at(2025, 1, 10)):
        services.save_organisation("AAA", "First name", Organisation.Kind.COUNCIL)
    with recorded_at(_at(2025, 1, 20)):
        services.save_organisation("AAA", "Second name", Organisation.Kind.COUNCIL)

    def name_on(day: dt.date) -> list[str]:
        return [o.name for o in asat.recorded(Organisation, day).filter(code="AAA")]

    assert name_on(dt.date(2025, 1, 9)) == []
    assert name_on(dt.date(2025, 1, 10)) == ["First name"]
    assert name_on(dt.date(2025, 1, 19)) == ["First name"]
    assert name_on(dt.date(2025, 1, 20)) == ["Second name"]
    assert name_on(asat.today()) == ["Second name"]


def test_the_day_ends_at_midnight_in_london_not_utc() -> None:
    # 23:30 on 30 June in London is 22:30 UTC: still 30 June.
    with recorded_at(_at(2025, 6, 30, 23, 30)):
        services.save_organisation("BBB", "Late change", Organisation.Kind.COUNCIL)
    assert asat.recorded(Organisation, dt.date(2025, 6, 29)).filter(code="BBB").count() == 0
    assert asat.recorded(Organisation, dt.date(2025, 6, 30)).filter(code="BBB").count() == 1


def test_a_record_deleted_by_then_is_not_seen() -> None:
    with recorded_at(_at(2025, 1, 10)):
        organisation, _ = services.save_organisation("CCC", "Gone", Organisation.Kind.COUNCIL)
    with recorded_at(_at(2025, 2, 1)):
        organisation.delete()
    assert asat.recorded(Organisation, dt.date(2025, 1, 31)).filter(code="CCC").count() == 1
    assert asat.recorded(Organisation, dt.date(2025, 2, 1)).filter(code="CCC").count() == 0


def test_dated_keeps_records_on_or_before_the_day() -> None:
    with recorded_at(_at(2025, 1, 10)):
        services.save_organisation("DDD", "Dated", Organisation.Kind.COUNCIL)
    history = Organisation.history.filter(code="DDD")
    assert asat.dated(history, dt.date(2025, 1, 10), "history_date").count() == 1
    assert asat.dated(history, dt.date(2025, 1, 9), "history_date").count() == 0


def test_recorded_at_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="aware"), recorded_at(dt.datetime(2025, 1, 1)):  # noqa: DTZ001
        pass


def test_a_record_changed_within_one_recorded_moment_is_read_once_with_its_last_values() -> None:
    # The demo loader records everything at one moment: a record created and then changed in
    # it has two history rows at the same time, and is still one record.
    with recorded_at(_at(2025, 1, 10)):
        services.save_organisation("EEE", "Before", Organisation.Kind.COUNCIL)
        services.save_organisation("EEE", "After", Organisation.Kind.COUNCIL)
    assert Organisation.history.filter(code="EEE").count() == 2
    rows = asat.recorded(Organisation, dt.date(2025, 1, 10)).filter(code="EEE")
    assert [o.name for o in rows] == ["After"]
