"""The seed article's supervision as demo data: the district People's Council's Legal
Committee examines the communes' one-stop desks over 01/01/2017–31/03/2018."""

from datetime import date

from accounts.models import User
from catalog.models import AdministrativeUnit, Level
from oversight.models import Programme
from oversight.services import ProgrammeInput, programme_create

PERIOD = (date(2017, 1, 1), date(2018, 3, 31))


def demo_programme_ensure() -> Programme | None:
    """Create the demo programme once, with the demo supervisor as member."""
    if Programme.objects.exists():
        return None
    supervisor = User.objects.filter(username="giamsat.hdnd").first()
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    start, end = PERIOD
    units = list(
        AdministrativeUnit.objects.receiving()
        .filter(level=Level.COMMUNE, parent__level=Level.DISTRICT)
        .valid_on(start)
    )
    if supervisor is None or admin is None or not units:
        return None
    return programme_create(
        actor=admin,
        data=ProgrammeInput(
            decision_number="02/NQ-HĐND",
            decision_date=date(2018, 4, 20),
            body="Ban Pháp chế HĐND huyện Mỹ Đức",
            head="Trưởng Ban Pháp chế HĐND huyện",
            subject=(
                "Giám sát việc thực hiện quy định về tiếp nhận hồ sơ và trả kết quả giải "
                "quyết thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả các xã, thị trấn"
            ),
            period_start=start,
            period_end=end,
        ),
        units=units,
        members=[supervisor],
    )
