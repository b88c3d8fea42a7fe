from datetime import date

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.selectors import units_visible_to
from oversight.models import Programme

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_seed_articles_programme_for_the_demo_supervisor():
    call_command("load_reference", verbosity=0)
    call_command("seed_demo", "--dossiers", "200", "--since", "2017-01-01", "--no-progress")
    programme = Programme.objects.get()
    assert (programme.period_start, programme.period_end) == (date(2017, 1, 1), date(2018, 3, 31))
    assert programme.units.count() == 22  # the town and 21 communes of 2017
    supervisor = User.objects.get(username="giamsat.hdnd")
    assert set(units_visible_to(user=supervisor)) == set(programme.units.all())
    call_command("seed_demo", "--if-empty", "--no-progress")
    assert Programme.objects.count() == 1
