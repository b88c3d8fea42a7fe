"""Facts of the shipped data (catalog/data), checked after loading it."""

import re
from datetime import date

import pytest

from catalog.models import AdministrativeUnit, Level, ProcedureVersion
from catalog.reference import load_procedures, load_units
from catalog.selectors import procedure_version_in_force, receiving_units, unit_in_force

pytestmark = pytest.mark.django_db

# The reference list (my-duc-units.csv): the district as it stood 2020-01-01 → 2025-07-01.
MY_DUC_2020 = {
    "10441": "Thị trấn Đại Nghĩa", "10444": "Xã Đồng Tâm", "10447": "Xã Thượng Lâm",
    "10450": "Xã Tuy Lai", "10453": "Xã Phúc Lâm", "10459": "Xã Mỹ Xuyên", "10462": "Xã An Mỹ",
    "10465": "Xã Hồng Sơn", "10468": "Xã Lê Thanh", "10471": "Xã Xuy Xá", "10474": "Xã Phùng Xá",
    "10477": "Xã Phù Lưu Tế", "10480": "Xã Đại Hưng", "10483": "Xã Vạn Tín",
    "10489": "Xã Hương Sơn", "10492": "Xã Hùng Tiến", "10495": "Xã An Tiến",
    "10498": "Xã Hợp Tiến", "10501": "Xã Hợp Thanh", "10504": "Xã An Phú",
}  # fmt: skip
MERGED_2020 = {
    "10456": "Xã Mỹ Thành", "10459": "Xã Bột Xuyên", "10483": "Xã Vạn Kim", "10486": "Xã Đốc Tín",
}  # fmt: skip
NEW_2025 = {
    "10441": "Xã Mỹ Đức", "10459": "Xã Phúc Sơn", "10465": "Xã Hồng Sơn",
    "10489": "Xã Hương Sơn", "10081": "Xã Trần Phú",
}  # fmt: skip

SAME_DAY = {"kind": "same_day", "cutoff": "15:00"}


def days(n: int) -> dict[str, object]:
    return {"kind": "working_days", "amount": n}


# regulations.md §6: every row with a code, and its statutory time rule.
SECTION_6 = {
    "1.001193": SAME_DAY, "1.000894": SAME_DAY, "1.000656": SAME_DAY, "1.004837": days(3),
    "1.004845": days(2), "1.001022": days(3), "1.004859": days(3), "1.004884": days(5),
    "1.004746": days(5), "1.003583": days(5), "1.000419": days(5), "1.004873": days(3),
    "2.000635": SAME_DAY, "2.000908": SAME_DAY, "2.000815": SAME_DAY, "2.000884": SAME_DAY,
    "2.000992": SAME_DAY, "2.001035": days(2), "2.001019": days(2), "2.001406": days(2),
    "1.002211": days(5),
}  # fmt: skip


@pytest.fixture(autouse=True)
def shipped() -> None:
    load_units()
    load_procedures()


def communes_of_my_duc(on: date) -> dict[str, str]:
    district = unit_in_force("282", date(2019, 1, 1))
    units = AdministrativeUnit.objects.valid_on(on).filter(parent=district)
    return {unit.code: unit.name for unit in units}


def test_before_2020_the_district_has_22_units_codes_10441_to_10504_step_3():
    communes = communes_of_my_duc(date(2019, 12, 31))
    assert len(communes) == 22
    assert sorted(communes) == [str(code) for code in range(10441, 10505, 3)]
    assert communes == {**MY_DUC_2020, **MERGED_2020}
    assert unit_in_force("10441", date(2018, 1, 1)).kind == "thị trấn"


def test_from_2020_to_mid_2025_the_district_has_the_20_units_of_the_reference_list():
    assert communes_of_my_duc(date(2020, 1, 1)) == MY_DUC_2020
    assert communes_of_my_duc(date(2025, 6, 30)) == MY_DUC_2020


def test_from_1_july_2025_five_new_communes_hang_directly_under_ha_noi():
    hanoi = unit_in_force("01", date(2025, 7, 1))
    communes = AdministrativeUnit.objects.valid_on(date(2025, 7, 1)).filter(parent=hanoi)
    assert {unit.code: unit.name for unit in communes} == NEW_2025
    assert not AdministrativeUnit.objects.valid_on(date(2025, 7, 1)).filter(code="282").exists()
    assert communes_of_my_duc(date(2025, 7, 1)) == {}


def test_province_and_district():
    hanoi = unit_in_force("01", date(2008, 8, 1))
    district = unit_in_force("282", date(2008, 8, 1))
    assert (hanoi.name, hanoi.level, hanoi.parent) == ("Thành phố Hà Nội", Level.PROVINCE, None)
    assert (district.name, district.level, district.parent) == ("Huyện Mỹ Đức", "district", hanoi)
    assert district.valid_to == date(2025, 7, 1)


def successor_names(code: str, on: date) -> set[str]:
    return {unit.name for unit in unit_in_force(code, on).successors.all()}


def test_successor_links_follow_mergers_and_the_2025_conversion():
    assert successor_names("10444", date(2024, 1, 1)) == {"Xã Trần Phú", "Xã Phúc Sơn"}
    assert successor_names("10456", date(2019, 1, 1)) == {"Xã Mỹ Xuyên"}
    assert successor_names("10459", date(2019, 1, 1)) == {"Xã Mỹ Xuyên"}
    assert successor_names("10459", date(2024, 1, 1)) == {"Xã Phúc Sơn"}
    assert successor_names("10486", date(2019, 1, 1)) == {"Xã Vạn Tín"}
    assert successor_names("10483", date(2024, 1, 1)) == {"Xã Hương Sơn"}
    assert successor_names("10441", date(2024, 1, 1)) == {"Xã Mỹ Đức"}
    old = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=False)
    assert all(unit.successors.exists() for unit in old)


def test_every_receiving_unit_has_a_unique_agency_id_in_the_official_shape():
    receiving = AdministrativeUnit.objects.receiving()
    ids = [unit.agency_id for unit in receiving]
    assert len(ids) == 22 + 2 + 5
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"000\.\d{2}\.\d{2}\.H26", agency_id) for agency_id in ids)
    assert not AdministrativeUnit.objects.filter(level=Level.COMMUNE, agency_id="").exists()
    assert AdministrativeUnit.objects.filter(agency_id="").count() == 2  # province, district
    assert receiving_units(date(2019, 6, 1)).count() == 22
    assert receiving_units(date(2025, 7, 1)).count() == 5


def test_section_6_procedures_are_published_with_their_statutory_time_rules():
    for code, rule in SECTION_6.items():
        version = procedure_version_in_force(code, date(2018, 6, 1))
        assert version.time_rule.as_dict() == rule, code
        assert version.level == Level.COMMUNE
        assert version.effective_from == date(2016, 1, 1)
        assert version.where_to_submit == "Bộ phận tiếp nhận và trả kết quả UBND cấp xã"
        assert version.papers.exists(), code
    assert ProcedureVersion.objects.count() == len(SECTION_6)
    assert not ProcedureVersion.objects.exclude(status=ProcedureVersion.Status.PUBLISHED).exists()


def test_fees_fields_and_papers_of_some_procedures():
    on = date(2026, 1, 5)
    birth = procedure_version_in_force("1.001193", on)
    assert birth.field.code == "HOTICH" and birth.field.name == "Hộ tịch"
    assert [(p.name, p.copy_kind, p.count) for p in birth.papers.filter(optional=False)] == [
        ("Tờ khai đăng ký khai sinh theo mẫu", "original", 1),
        (
            "Giấy chứng sinh (hoặc văn bản của người làm chứng, giấy cam đoan về việc sinh nếu "
            "không có Giấy chứng sinh)",
            "original",
            1,
        ),
    ]
    assert "Điều 11" in birth.fee_exemptions
    assert procedure_version_in_force("1.000894", on).fee_kind == "free"
    assert procedure_version_in_force("2.000635", on).fee_amount == 8000
    assert procedure_version_in_force("2.000884", on).fee_amount == 10000
    contract = procedure_version_in_force("2.001035", on)
    assert (contract.field.code, contract.fee_kind, contract.fee_amount) == (
        "CHUNGTHUC", "fixed", 50000,
    )  # fmt: skip
    marital = procedure_version_in_force("1.004873", on)
    assert (marital.fee_kind, marital.fee_schedule) == (
        "schedule", "Theo Nghị quyết của HĐND tỉnh",
    )  # fmt: skip
