"""How pickers name a unit: a unit that has ended carries its last day, so the commune merged
in 2025 and the one that took its name and code can be told apart."""

import re
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.models import Level
from catalog.tests.factories import UnitFactory


def test_a_unit_in_force_is_its_name_and_an_ended_one_says_its_last_day():
    now = UnitFactory.build(name="Xã Hồng Sơn", valid_from=date(2025, 7, 1), valid_to=None)
    before = UnitFactory.build(
        name="Xã Hồng Sơn", valid_from=date(2008, 8, 1), valid_to=date(2025, 7, 1)
    )
    assert now.dated_name == "Xã Hồng Sơn"
    assert before.dated_name == "Xã Hồng Sơn (đến 30/06/2025)"


@pytest.mark.django_db
def test_the_report_and_evaluation_pickers_tell_the_two_apart(client):
    district = UnitFactory(level=Level.DISTRICT, agency_id="")
    code = "10465"
    UnitFactory(
        name="Xã Hồng Sơn", code=code, parent=district, valid_from=date(2008, 8, 1),
        valid_to=date(2025, 7, 1),
    )  # fmt: skip
    UnitFactory(name="Xã Hồng Sơn", code=code, parent=district, valid_from=date(2025, 7, 1))
    client.force_login(officer(district, Role.OVERSEER))
    for page in ("reports:report", "reports:evaluation", "oversight:new"):
        html = client.get(reverse(page)).content.decode()
        # an option of a select, or the label of a checkbox (the programme's units)
        assert re.search(r">\s*Xã Hồng Sơn \(đến 30/06/2025\)</(option|label)>", html), page
        assert re.search(r">\s*Xã Hồng Sơn</(option|label)>", html), page
