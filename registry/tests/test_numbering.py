"""Register numbers: gapless per unit and year, restarting on 1 January, in the official
number-and-symbol form of Decree 30/2020/NĐ-CP."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from registry.doctypes import ABBREVIATIONS, DocumentType, document_symbol
from registry.errors import InvalidRegistryInput
from registry.models import OutgoingDocument, RegistryCounter
from registry.tests.factories import incoming_letter, outgoing_document

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def test_arrival_numbers_run_per_unit_without_gaps():
    first, second = UnitFactory(), UnitFactory()
    numbers = [incoming_letter(unit=first).number for _ in range(3)]
    other = [incoming_letter(unit=second).number for _ in range(2)]
    assert numbers == [1, 2, 3] and other == [1, 2]


def test_arrival_numbers_restart_each_calendar_year_in_vietnam_time():
    unit = UnitFactory()
    december = [
        incoming_letter(unit=unit, received_at=datetime(2025, 12, 31, 16, 0, tzinfo=VN))
        for _ in range(2)
    ]
    # 17:30 UTC on 31 December is already 00:30 on 1 January in Vietnam: the new book.
    new_year = incoming_letter(
        unit=unit, received_at=datetime(2025, 12, 31, 17, 30, tzinfo=ZoneInfo("UTC"))
    )
    assert [(x.year, x.number) for x in december] == [(2025, 1), (2025, 2)]
    assert (new_year.year, new_year.number) == (2026, 1)


def test_outgoing_numbers_run_per_unit_year_and_type_in_official_symbols():
    unit = UnitFactory()
    actor = officer(unit, Role.SPECIALIST)
    symbols = [
        outgoing_document(unit=unit, actor=actor, drafting_unit="VP").symbol,
        outgoing_document(unit=unit, actor=actor, doc_type=DocumentType.QUYET_DINH).symbol,
        outgoing_document(unit=unit, actor=actor, drafting_unit="tp").symbol,
        outgoing_document(unit=unit, actor=actor, doc_type=DocumentType.QUYET_DINH).symbol,
        outgoing_document(unit=unit, actor=actor, doc_type=DocumentType.TO_TRINH).symbol,
    ]
    assert symbols == ["01/UBND-VP", "01/QĐ-UBND", "02/UBND-TP", "02/QĐ-UBND", "01/TTr-UBND"]
    other = outgoing_document(doc_type=DocumentType.QUYET_DINH)  # another unit starts at 1
    assert other.symbol == "01/QĐ-UBND"


def test_outgoing_numbers_restart_each_year():
    unit = UnitFactory()
    old = outgoing_document(unit=unit, issued_at=datetime(2025, 12, 31, 15, tzinfo=VN))
    outgoing_document(unit=unit, issued_at=datetime(2025, 12, 31, 16, tzinfo=VN))
    new = outgoing_document(unit=unit, issued_at=datetime(2026, 1, 2, 9, tzinfo=VN))
    assert (old.year, old.symbol) == (2025, "01/UBND-VP")
    assert (new.year, new.symbol) == (2026, "01/UBND-VP")


def test_a_rolled_back_issuance_gives_its_number_back():
    unit = UnitFactory()
    outgoing_document(unit=unit)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert outgoing_document(unit=unit).number == 2
        raise RuntimeError("the signer changed their mind before the commit")
    assert outgoing_document(unit=unit).symbol == "02/UBND-VP"
    assert list(OutgoingDocument.objects.values_list("number", flat=True).order_by("number")) == [
        1,
        2,
    ]


def test_refused_input_takes_no_number():
    unit = UnitFactory()
    with pytest.raises(InvalidRegistryInput, match="đơn vị soạn thảo"):
        outgoing_document(unit=unit, drafting_unit="")
    with pytest.raises(InvalidRegistryInput, match="Không cấp số"):
        outgoing_document(unit=unit, doc_type=DocumentType.OTHER)
    assert not RegistryCounter.objects.exists()
    assert outgoing_document(unit=unit).number == 1


def test_official_symbols():
    assert document_symbol(number=5, doc_type="quyet_dinh", issuer="UBND") == "05/QĐ-UBND"
    assert (
        document_symbol(number=12, doc_type="cong_van", issuer="UBND", drafting_unit="VP")
        == "12/UBND-VP"
    )
    assert document_symbol(number=123, doc_type="to_trinh", issuer="UBND") == "123/TTr-UBND"
    assert document_symbol(number=7, doc_type="ke_hoach", issuer="UBND") == "07/KH-UBND"
    with pytest.raises(ValueError, match="drafting unit"):
        document_symbol(number=1, doc_type="cong_van", issuer="UBND")


@given(number=st.integers(1, 99_999), doc_type=st.sampled_from(sorted(ABBREVIATIONS)))
def test_a_symbol_reads_back_as_its_number_and_type(number, doc_type):
    symbol = document_symbol(number=number, doc_type=doc_type, issuer="UBND", drafting_unit="VP")
    head, _, tail = symbol.partition("/")
    assert int(head) == number and (len(head) >= 2)
    abbreviation = ABBREVIATIONS[doc_type]
    assert tail == (f"{abbreviation}-UBND" if abbreviation else "UBND-VP")
