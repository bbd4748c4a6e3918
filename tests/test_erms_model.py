"""The case-file model refuses what CITS ERMS does not allow, naming the field in Swedish and English."""

from __future__ import annotations

import datetime as dt

import pytest

from earchive.errors import InvalidInput
from earchive.erms.model import Aggregation, ErmsDocument, Record, Restriction, derived_uuid, parse_when
from earchive.erms.delivery import control_of


def test_restriction_needs_its_regulation():
    with pytest.raises(InvalidInput) as exc:
        Restriction("sekretess", "")
    assert exc.value.message("en") == ("restriction regulation is required: give the legal paragraph of the restriction, "
                                       "e.g. OSL 21:1 (ERMS59)")
    assert exc.value.message("sv") == "begränsningens lagrum måste anges: ange begränsningens lagrum, t.ex. OSL 21:1 (ERMS59)"


def test_restriction_types_and_other():
    assert Restriction("GDPR", "GDPR art. 9").type == "gdpr"
    with pytest.raises(InvalidInput) as exc:
        Restriction("other_type", "Avtal 2019-04")
    assert "ERMS57" in exc.value.message("en")
    with pytest.raises(InvalidInput) as exc:
        Restriction("hemligstämplad", "OSL 15:1")
    assert exc.value.message("sv").startswith("typ av begränsning: 'hemligstämplad' är inte tillåtet. Tillåtna värden: \"confidential\"")


def test_dates():
    assert parse_when("d", "2023-03-14") == dt.date(2023, 3, 14)
    assert parse_when("d", "20230314") == dt.date(2023, 3, 14)
    assert parse_when("d", "2023-03-14 10:12") == dt.datetime(2023, 3, 14, 10, 12)
    for bad in ("14/3/2023", "2023-02-30", "igår"):
        with pytest.raises(InvalidInput):
            parse_when("d", bad)


def test_case_takes_its_first_records_date_and_refuses_duplicate_numbers():
    records = [Record("2", "Beslut", "2023-04-01"), Record("1", "Ansökan", "2023-03-01")]
    case = Aggregation("KS 2023/42", "Bygglov", records)
    assert case.created == dt.date(2023, 3, 1)
    with pytest.raises(InvalidInput) as exc:
        Aggregation("KS 2023/42", "Bygglov", [Record("1", "a", "2023-01-01"), Record("1", "b", "2023-01-02")])
    assert exc.value.message("sv").startswith("handlingsnummer: 'KS 2023/42: 1' är inte tillåtet")


def test_uuids_are_stable_across_exports():
    doc = ErmsDocument(control_of("Kommunstyrelsen", "ORG:2120000001"),
                       [Aggregation("KS 2023/42", "Bygglov", [Record("1", "Ansökan", "2023-03-01")])])
    assert doc.control.creator_code == "2120000001"
    assert doc.aggregations[0].object_id == derived_uuid("2120000001", "KS 2023/42")
    assert doc.records[0].object_id == derived_uuid("2120000001", "KS 2023/42", "1")
